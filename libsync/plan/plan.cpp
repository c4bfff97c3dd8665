#include "libsync/plan/plan.h"

#include <algorithm>
#include <variant>

#include "libsync/crypto/device.h"
#include "libsync/plan/ids.h"
#include "libsync/plan/item_consent.h"
#include "libsync/plan/layout.h"
#include "libsync/plan/ops.h"
#include "libsync/plan/plan_internal.h"
#include "libsync/plan/policy.h"

namespace mutual::plan {

using crdt::kRootObject;
using crdt::MakeObject;
using crdt::ObjType;

Plan::Plan(const crdt::ActorId& device) : device_(device), doc_(&DefaultPolicy()) {}

Membership Plan::members() const { return FoldMembership(doc_); }

std::string Plan::member() const {
  Membership ms = members();
  const Member* m = ms.OwnerOf(device_);
  return m == nullptr || m->former ? "" : m->id;
}

Result<std::string> Plan::RequireMember() const {
  std::string m = member();
  if (m.empty())
    return Status::PermissionDenied("this device is not a member of the plan");
  return m;
}

Result<Committed> Plan::Create(std::string_view title, std::string_view template_id,
                               std::string_view member_name, ByteView device_record,
                               int64_t now_ms) {
  if (members().created()) return Status::FailedPrecondition("the plan already exists");
  const TemplateSpec* tpl = FindTemplate(template_id);
  if (tpl == nullptr)
    return Status::InvalidArgument("unknown template " + std::string(template_id));
  if (member_name.empty()) return Status::InvalidArgument("a member needs a name");
  PlanOp create = PlanOp::Of(OpKind::kCreatePlan, MemberSlug(member_name, {}))
                      .Text(std::string(member_name))
                      .Device(ToBytes(device_record));
  auto txn = doc_.Begin(device_, now_ms);
  txn.Domain(static_cast<uint32_t>(create.kind), EncodePlanOp(create));
  txn.Set(kRootObject, layout::kTitle, std::string(title));
  txn.Set(kRootObject, layout::kTemplate, std::string(template_id));
  crdt::OpId sections =
      txn.Set(kRootObject, layout::kSections, MakeObject{ObjType::kMap});
  crdt::OpId order =
      txn.Set(kRootObject, layout::kSectionOrder, MakeObject{ObjType::kList});
  txn.Set(kRootObject, layout::kItems, MakeObject{ObjType::kMap});
  txn.Set(kRootObject, layout::kItemOrder, MakeObject{ObjType::kList});
  size_t pos = 0;
  for (const SectionSpec& s : tpl->sections) {
    crdt::OpId obj = txn.Set(sections, s.id, MakeObject{ObjType::kMap});
    txn.Set(obj, layout::kSectionTitle, s.title);
    txn.Set(obj, layout::kSectionDefaultKind, s.default_kind);
    txn.InsertValue(order, pos++, s.id);
  }
  return txn.Commit();
}

Result<Committed> Plan::SetTitle(std::string_view title, int64_t now_ms) {
  MUTUAL_RETURN_IF_ERROR(RequireMember().status());
  auto txn = doc_.Begin(device_, now_ms);
  txn.Set(kRootObject, layout::kTitle, std::string(title));
  return txn.Commit();
}

namespace {

// "note, pattern, hot-button, ..." for error messages.
std::string KindList() {
  std::string out;
  for (const KindSpec& k : AllKinds()) out += (out.empty() ? "" : ", ") + k.id;
  return out;
}

bool IsSectionId(std::string_view id) {
  return !id.empty() && id.size() <= 40 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

Result<Committed> Plan::AddSection(std::string_view id, std::string_view title,
                                   std::string_view default_kind, int64_t now_ms) {
  MUTUAL_RETURN_IF_ERROR(RequireMember().status());
  if (!IsSectionId(id)) {
    return Status::InvalidArgument("a section id is 1-40 of a-z, 0-9 and '-'");
  }
  if (!default_kind.empty() && FindKind(default_kind) == nullptr) {
    return Status::InvalidArgument("unknown kind " + std::string(default_kind) +
                                   " (kinds: " + KindList() + ")");
  }
  auto sections = layout::ObjectAt(doc_, kRootObject, layout::kSections);
  auto order = layout::ObjectAt(doc_, kRootObject, layout::kSectionOrder);
  if (!sections || !order)
    return Status::FailedPrecondition("the plan does not exist yet");
  if (!doc_.Get(*sections, id).empty()) {
    return Status::AlreadyExists("section " + std::string(id) + " exists");
  }
  const SectionSpec* standard = FindStandardSection(id);
  SectionSpec spec = standard ? *standard : CustomSection(id, title.empty() ? id : title);
  if (!title.empty()) spec.title = std::string(title);
  if (!default_kind.empty()) {
    if (!SectionAllowsKind(spec, default_kind)) {
      return Status::InvalidArgument("section " + std::string(id) + " does not take " +
                                     std::string(default_kind));
    }
    spec.default_kind = std::string(default_kind);
  }
  auto txn = doc_.Begin(device_, now_ms);
  crdt::OpId obj = txn.Set(*sections, id, MakeObject{ObjType::kMap});
  txn.Set(obj, layout::kSectionTitle, spec.title);
  txn.Set(obj, layout::kSectionDefaultKind, spec.default_kind);
  txn.InsertValue(*order, doc_.Seq(*order).size(), std::string(id));
  return txn.Commit();
}

Result<std::string> Plan::ResolveItemId(std::string_view prefix) const {
  if (prefix.empty()) return Status::InvalidArgument("empty item id");
  std::vector<std::string> matches;
  for (const std::string& id : layout::ItemIds(doc_)) {
    if (id == prefix) return id;
    if (id.compare(0, prefix.size(), prefix) == 0) matches.push_back(id);
  }
  if (matches.empty()) return Status::NotFound("no item " + std::string(prefix));
  if (matches.size() > 1) {
    return Status::InvalidArgument("item id " + std::string(prefix) + " is ambiguous");
  }
  return matches[0];
}

bool Plan::IsKnownDevice(const crdt::ActorId& device) const {
  const Membership ms = members();
  if (!ms.created() || ms.OwnerOf(device) != nullptr) return true;
  // A device introduced by a change still waiting for its deps (DESIGN.md
  // §4): that change was signed by a known device, and the new device's
  // envelopes may arrive before its deps do. Its changes are still judged
  // once the introduction applies.
  for (const crdt::Change* held : doc_.PendingChanges()) {
    for (const crdt::Op& op : held->ops) {
      const auto* domain = std::get_if<crdt::DomainOp>(&op);
      if (domain == nullptr) continue;
      auto decoded = DecodePlanOp(domain->kind, domain->payload);
      if (!decoded.ok() || decoded->device.empty()) continue;
      auto record = crypto::DecodeDeviceRecord(decoded->device);
      if (record.ok() && record->signing_key == device) return true;
    }
  }
  return false;
}

Result<crdt::Document::ApplyOutcome> Plan::ApplyRemote(const crdt::Change& change,
                                                       Bytes encoded) {
  return doc_.Apply(change, std::move(encoded));
}

Result<Committed> Plan::ItemOp(PlanOp op, int64_t now_ms) {
  auto txn = doc_.Begin(device_, now_ms);
  txn.Domain(static_cast<uint32_t>(op.kind), EncodePlanOp(op));
  return txn.Commit();
}

}  // namespace mutual::plan
