// Plan actions on items: add, edit, consent, suggestions, removal.
#include <algorithm>

#include "libsync/plan/ids.h"
#include "libsync/plan/item_consent.h"
#include "libsync/plan/plan.h"
#include "libsync/plan/plan_internal.h"

namespace mutual::plan {

using crdt::MakeObject;
using crdt::ObjType;

namespace internal {

std::optional<SectionSpec> SectionOf(const crdt::Document& doc, std::string_view id) {
  auto sections = layout::ObjectAt(doc, crdt::kRootObject, layout::kSections);
  if (!sections) return std::nullopt;
  auto obj = layout::ObjectAt(doc, *sections, id);
  if (!obj) return std::nullopt;
  const SectionSpec* standard = FindStandardSection(id);
  SectionSpec spec =
      standard ? *standard
               : CustomSection(id, layout::StringAt(doc, *obj, layout::kSectionTitle));
  // The stored default wins (`section add --kind`); one this build does not
  // know, or one the section does not take, falls back to the catalog's.
  std::string stored = layout::StringAt(doc, *obj, layout::kSectionDefaultKind);
  if (FindKind(stored) != nullptr && SectionAllowsKind(spec, stored))
    spec.default_kind = std::move(stored);
  return spec;
}

Status CheckFieldRight(ConsentMode mode, const std::vector<std::string>& about,
                       const FieldPath& path, std::string_view member) {
  if (mode == ConsentMode::kOwn &&
      std::find(about.begin(), about.end(), member) == about.end()) {
    return Status::PermissionDenied(
        "only the member(s) this item is about may edit it; "
        "suggest a change instead");
  }
  if (mode == ConsentMode::kMixed && path.spec.own_part && path.member != member) {
    return Status::PermissionDenied("this part belongs to " + path.member);
  }
  return Status::Ok();
}

void WriteField(const crdt::Document& doc, crdt::Document::Transaction& txn,
                crdt::OpId fields, const FieldPath& path, std::string_view value) {
  const std::string key = path.ToString();
  if (path.spec.type == FieldType::kScalar) {
    txn.Set(fields, key, std::string(value));
    return;
  }
  auto values = doc.Get(fields, key);
  if (values.size() == 1 && doc.TypeOf(values[0].id) == ObjType::kText) {
    txn.ReplaceText(values[0].id, value);
    return;
  }
  crdt::OpId text = txn.Set(fields, key, MakeObject{ObjType::kText});
  if (!value.empty()) txn.InsertText(text, 0, value);
}

}  // namespace internal

namespace {

Result<std::vector<std::string>> ParseAbout(std::string_view about, const KindSpec& kind,
                                            const std::string& me,
                                            const std::vector<std::string>& members) {
  if (about.empty()) {
    if (DefaultAboutUs(kind)) return std::vector<std::string>{};
    return std::vector<std::string>{me};
  }
  if (about == "us") return std::vector<std::string>{};
  std::vector<std::string> out;
  for (std::string& m : layout::DecodeAbout(about)) {
    if (m == "me") m = me;
    if (std::find(members.begin(), members.end(), m) == members.end()) {
      return Status::InvalidArgument("about: " + m + " is not a current member");
    }
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  if (out.empty()) return Status::InvalidArgument("about: name a member, me or us");
  return out;
}

}  // namespace

Result<ItemCreated> Plan::AddItem(const NewItem& item, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  auto section = internal::SectionOf(doc_, item.section);
  if (!section) return Status::InvalidArgument("unknown section " + item.section);
  const std::string kind_id = item.kind.empty() ? section->default_kind : item.kind;
  const KindSpec* kind = FindKind(kind_id);
  if (kind == nullptr) return Status::InvalidArgument("unknown kind " + kind_id);
  if (!SectionAllowsKind(*section, kind_id)) {
    return Status::InvalidArgument("section " + item.section + " does not take " +
                                   kind_id);
  }
  const std::vector<std::string> members = this->members().CurrentIds();
  MUTUAL_ASSIGN_OR_RETURN(auto about, ParseAbout(item.about, *kind, me, members));
  const ConsentMode mode = EffectiveMode(*kind, about.empty());
  if (mode == ConsentMode::kOwn &&
      std::find(about.begin(), about.end(), me) == about.end()) {
    return Status::PermissionDenied("one person never defines another's own item");
  }
  std::vector<std::pair<FieldPath, std::string>> values;
  for (const auto& [path, value] : item.fields) {
    MUTUAL_ASSIGN_OR_RETURN(FieldPath fp, ParseFieldPath(*kind, path, members));
    MUTUAL_RETURN_IF_ERROR(internal::CheckFieldRight(mode, about, fp, me));
    values.emplace_back(std::move(fp), value);
  }
  auto items = layout::ObjectAt(doc_, crdt::kRootObject, layout::kItems);
  auto order = layout::ObjectAt(doc_, crdt::kRootObject, layout::kItemOrder);
  if (!items || !order) return Status::FailedPrecondition("the plan does not exist yet");

  auto txn = doc_.Begin(device_, now_ms);
  const std::string id = ShortId(kItemIdTag, txn.change().last_counter() + 1, device_);
  crdt::OpId obj = txn.Set(*items, id, MakeObject{ObjType::kMap});
  txn.Set(obj, layout::kKind, kind_id);
  txn.Set(obj, layout::kSection, item.section);
  txn.Set(obj, layout::kAuthor, me);
  txn.Set(obj, layout::kAbout, layout::EncodeAbout(about));
  txn.Set(obj, layout::kCreated, now_ms);
  if (!item.review_by.empty()) txn.Set(obj, layout::kReviewBy, item.review_by);
  crdt::OpId fields = txn.Set(obj, layout::kFields, MakeObject{ObjType::kMap});
  for (const FieldPath& fp : ExpandFields(*kind, members)) {
    if (fp.spec.type == FieldType::kText) {
      txn.Set(fields, fp.ToString(), MakeObject{ObjType::kText});
    }
  }
  for (const auto& [fp, value] : values)
    internal::WriteField(doc_, txn, fields, fp, value);
  txn.InsertValue(*order, doc_.Seq(*order).size(), id);
  MUTUAL_ASSIGN_OR_RETURN(Committed c, txn.Commit());
  return ItemCreated{id, std::move(c)};
}

Result<Committed> Plan::Edit(std::string_view item,
                             const std::map<std::string, std::string>& fields,
                             int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec || rec->spec == nullptr) return Status::NotFound("no item " + id);
  if (fields.empty()) return Status::InvalidArgument("nothing to edit");
  const std::vector<std::string> members = this->members().CurrentIds();
  std::vector<std::pair<FieldPath, std::string>> values;
  for (const auto& [path, value] : fields) {
    MUTUAL_ASSIGN_OR_RETURN(FieldPath fp, ParseFieldPath(*rec->spec, path, members));
    MUTUAL_RETURN_IF_ERROR(internal::CheckFieldRight(rec->mode, rec->about, fp, me));
    values.emplace_back(std::move(fp), value);
  }
  auto txn = doc_.Begin(device_, now_ms);
  for (const auto& [fp, value] : values)
    internal::WriteField(doc_, txn, rec->fields, fp, value);
  txn.Set(rec->obj, layout::kEdited, now_ms);
  txn.Set(rec->obj, layout::kEditedBy, me);
  return txn.Commit();
}

Result<Committed> Plan::Resolve(std::string_view item, std::string_view field,
                                std::string_view value, int64_t now_ms) {
  // Resolving is for conflicts only: a plain change is an edit, and saying
  // so catches a mistyped field or item.
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  bool conflicted = false;
  for (const SectionView& s : View(now_ms).sections) {
    for (const ItemView& i : s.items) {
      if (i.id != id) continue;
      const FieldView* f = i.FindField(field);
      conflicted = f != nullptr && f->conflicted();
    }
  }
  if (!conflicted) {
    return Status::FailedPrecondition("field " + std::string(field) + " of item " + id +
                                      " has no conflicting values to resolve (use edit)");
  }
  return Edit(id, {{std::string(field), std::string(value)}}, now_ms);
}

Result<Committed> Plan::SetReviewBy(std::string_view item, std::string_view date,
                                    int64_t now_ms) {
  MUTUAL_RETURN_IF_ERROR(RequireMember().status());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec) return Status::NotFound("no item " + id);
  auto txn = doc_.Begin(device_, now_ms);
  txn.Set(rec->obj, layout::kReviewBy, std::string(date));
  return txn.Commit();
}

Result<Committed> Plan::Agree(std::string_view item, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec) return Status::NotFound("no item " + id);
  PlanOps ops(doc_);
  ConsentResult consent = ops.Evaluate(*rec);
  if (consent.removed) return Status::NotFound("item " + id + " was removed");
  if (consent.removal) {
    return ItemOp(PlanOp::Of(OpKind::kRemovalStance, me).Item(id).Flag(true), now_ms);
  }
  if (rec->mode == ConsentMode::kOwn) {
    return Status::InvalidArgument("an own-mode item is acknowledged (ack), not agreed");
  }
  bool conflicted = false;
  ContentHash hash = HashContent(layout::ReadContent(doc_, *rec, &conflicted));
  if (conflicted) {
    return Status::PermissionDenied("the item is conflicted: choose one value first");
  }
  return ItemOp(PlanOp::Of(OpKind::kEndorse, me).Item(id).Hash(hash), now_ms);
}

Result<Committed> Plan::Withdraw(std::string_view item, std::string_view reason,
                                 int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec) return Status::NotFound("no item " + id);
  PlanOps ops(doc_);
  if (ops.Evaluate(*rec).removal) {
    return ItemOp(PlanOp::Of(OpKind::kRemovalStance, me).Item(id).Flag(false), now_ms);
  }
  return ItemOp(PlanOp::Of(OpKind::kWithdraw, me).Item(id).Text(std::string(reason)),
                now_ms);
}

Result<Committed> Plan::Revisit(std::string_view item, std::string_view reason,
                                int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  return ItemOp(PlanOp::Of(OpKind::kRevisit, me).Item(id).Text(std::string(reason)),
                now_ms);
}

Result<Committed> Plan::Ack(std::string_view item, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec) return Status::NotFound("no item " + id);
  if (rec->mode != ConsentMode::kOwn) {
    return Status::InvalidArgument("only own-mode items are acknowledged; use agree");
  }
  if (std::find(rec->about.begin(), rec->about.end(), me) != rec->about.end()) {
    return Status::InvalidArgument("you do not acknowledge your own item");
  }
  ContentHash hash = HashContent(layout::ReadContent(doc_, *rec));
  return ItemOp(PlanOp::Of(OpKind::kAck, me).Item(id).Hash(hash), now_ms);
}

Result<Committed> Plan::Suggest(std::string_view item, std::string_view field,
                                std::string_view text, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec || rec->spec == nullptr) return Status::NotFound("no item " + id);
  MUTUAL_ASSIGN_OR_RETURN(FieldPath fp,
                          ParseFieldPath(*rec->spec, field, members().CurrentIds()));
  return ItemOp(PlanOp::Of(OpKind::kSuggest, me)
                    .Item(id)
                    .Target(fp.ToString())
                    .Text(std::string(text)),
                now_ms);
}

Result<Committed> Plan::Dismiss(std::string_view item, std::string_view suggestion,
                                bool take, int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec || rec->spec == nullptr) return Status::NotFound("no item " + id);
  PlanOps ops(doc_);
  const PlanOpRecord* found = nullptr;
  std::string sid;
  for (const PlanOpRecord* r : ops.ForItem(id)) {
    if (r->op.kind != OpKind::kSuggest) continue;
    std::string s = SuggestionIdOf(doc_, r->rec);
    if (s.compare(0, suggestion.size(), suggestion) != 0 || suggestion.empty()) continue;
    if (found) return Status::InvalidArgument("suggestion id is ambiguous");
    found = r;
    sid = s;
  }
  if (!found) return Status::NotFound("no suggestion " + std::string(suggestion));
  auto txn = doc_.Begin(device_, now_ms);
  if (take) {
    MUTUAL_ASSIGN_OR_RETURN(FieldPath fp, ParseFieldPath(*rec->spec, found->op.target,
                                                         members().CurrentIds()));
    MUTUAL_RETURN_IF_ERROR(internal::CheckFieldRight(rec->mode, rec->about, fp, me));
    internal::WriteField(doc_, txn, rec->fields, fp, found->op.text);
    txn.Set(rec->obj, layout::kEdited, now_ms);
    txn.Set(rec->obj, layout::kEditedBy, me);
  }
  PlanOp op = PlanOp::Of(OpKind::kDismiss, me).Item(id).Target(sid).Flag(take);
  txn.Domain(static_cast<uint32_t>(op.kind), EncodePlanOp(op));
  return txn.Commit();
}

Result<Committed> Plan::Respond(std::string_view item, std::string_view text,
                                int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec || rec->spec == nullptr || !rec->spec->has_responses) {
    return Status::InvalidArgument("only feedback takes responses");
  }
  return ItemOp(PlanOp::Of(OpKind::kRespond, me).Item(id).Text(std::string(text)),
                now_ms);
}

Result<Committed> Plan::Remove(std::string_view item, std::string_view reason,
                               int64_t now_ms) {
  MUTUAL_ASSIGN_OR_RETURN(std::string me, RequireMember());
  MUTUAL_ASSIGN_OR_RETURN(std::string id, ResolveItemId(item));
  auto rec = layout::ReadItem(doc_, id);
  if (!rec) return Status::NotFound("no item " + id);
  PlanOps ops(doc_);
  bool direct = rec->author == me;
  for (const PlanOpRecord* r : ops.ForItem(id)) {
    if ((r->op.kind == OpKind::kEndorse || r->op.kind == OpKind::kAck) &&
        r->op.member != me) {
      direct = false;
    }
  }
  return ItemOp(
      PlanOp::Of(OpKind::kRemove, me).Item(id).Text(std::string(reason)).Flag(direct),
      now_ms);
}

}  // namespace mutual::plan
