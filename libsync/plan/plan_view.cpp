// Plan::View: builds the read model (view.h) from the document.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "libsync/plan/ids.h"
#include "libsync/plan/item_consent.h"
#include "libsync/plan/plan.h"
#include "libsync/plan/plan_internal.h"

namespace mutual::plan {
namespace {

// "YYYY-MM-DD" (UTC) of a unix time in milliseconds.
std::string CivilDate(int64_t ms) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(sys_time<milliseconds>(milliseconds(ms)));
  year_month_day ymd(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::vector<std::string> ListStrings(const crdt::Document& doc, std::string_view key) {
  std::vector<std::string> out;
  auto list = layout::ObjectAt(doc, crdt::kRootObject, key);
  if (!list || doc.TypeOf(*list) != crdt::ObjType::kList) return out;
  for (const auto& [id, value] : doc.Seq(*list).Values()) {
    if (auto* s = std::get_if<std::string>(&value)) {
      if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
    }
  }
  return out;
}

std::string DeviceName(const crdt::ActorId& device) {
  return ToHex(ByteView(device.data(), 4));
}

std::vector<MemberView> MemberViews(const Membership& ms) {
  std::vector<MemberView> out;
  for (const Member& m : ms.members()) {
    MemberView mv{m.id, m.name, m.former, {}, m.joined_ms};
    for (const crdt::ActorId& d : m.devices) mv.devices.push_back(DeviceName(d));
    out.push_back(std::move(mv));
  }
  return out;
}

class ViewBuilder {
 public:
  ViewBuilder(const crdt::Document& doc, int64_t now_ms)
      : doc_(doc), ops_(doc), today_(CivilDate(now_ms)) {}

  PlanView Build() {
    PlanView v;
    v.title = layout::StringAt(doc_, crdt::kRootObject, layout::kTitle);
    v.template_id = layout::StringAt(doc_, crdt::kRootObject, layout::kTemplate);
    const Membership& ms = ops_.membership();
    v.members = MemberViews(ms);
    current_ = ms.CurrentIds();
    std::vector<std::string> order = ListStrings(doc_, layout::kItemOrder);
    for (const std::string& sid : ListStrings(doc_, layout::kSectionOrder)) {
      auto spec = internal::SectionOf(doc_, sid);
      if (!spec) continue;
      SectionView sv{sid, SectionTitle(sid, *spec), {}, spec->default_kind};
      for (const std::string& id : order) {
        auto rec = layout::ReadItem(doc_, id);
        if (!rec || rec->section != sid || rec->spec == nullptr) continue;
        if (auto item = BuildItem(*rec)) sv.items.push_back(std::move(*item));
      }
      v.sections.push_back(std::move(sv));
    }
    return v;
  }

 private:
  std::string SectionTitle(const std::string& sid, const SectionSpec& spec) const {
    auto sections = layout::ObjectAt(doc_, crdt::kRootObject, layout::kSections);
    auto obj = sections ? layout::ObjectAt(doc_, *sections, sid) : std::nullopt;
    std::string stored = obj ? layout::StringAt(doc_, *obj, layout::kSectionTitle) : "";
    return stored.empty() ? spec.title : stored;
  }

  std::string MemberOf(const crdt::ChangeId& change) const {
    const Member* m = ops_.membership().OwnerOf(change.author);
    return m ? m->id : "";
  }

  std::vector<FieldView> Fields(const crdt::Document& doc,
                                const layout::ItemRecord& rec) const {
    std::vector<layout::StoredField> stored = layout::ReadFields(doc, rec);
    std::vector<FieldView> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& path, FieldType type) {
      FieldView f;
      f.path = path;
      f.type = type;
      seen.insert(path);
      for (const layout::StoredField& s : stored) {
        if (s.path != path) continue;
        if (type == FieldType::kText) {
          f.text = s.values.empty() ? "" : s.values[0];
        } else {
          for (size_t i = 0; i < s.registers.size() && i < s.values.size(); ++i) {
            f.values.push_back({s.values[i], MemberOf(s.registers[i].change),
                                DeviceName(s.registers[i].change.author)});
          }
        }
      }
      out.push_back(std::move(f));
    };
    for (const FieldPath& fp : ExpandFields(*rec.spec, current_))
      add(fp.ToString(), fp.spec.type);
    for (const layout::StoredField& s : stored) {
      if (!seen.count(s.path))
        add(s.path, s.text ? FieldType::kText : FieldType::kScalar);
    }
    return out;
  }

  std::optional<ItemView> BuildItem(const layout::ItemRecord& rec) {
    ConsentResult c = ops_.Evaluate(rec);
    if (c.removed) return std::nullopt;
    ItemView iv;
    iv.id = rec.id;
    iv.kind = rec.kind;
    iv.section = rec.section;
    iv.about_us = rec.about.empty();
    iv.about = rec.about;
    iv.mode = rec.mode;
    iv.fields = Fields(doc_, rec);
    iv.state = c.state;
    ContentHash current = HashContent(layout::ReadContent(doc_, rec));
    iv.content_hash_hex = ToHex(current);
    if (c.last_agreed) iv.last_agreed = AgreedAt(rec, *c.last_agreed, current, iv.fields);
    for (const std::string& m : current_) iv.stances.push_back(StanceFor(c, m, current));
    iv.acks = c.acks;
    if (c.removal)
      iv.removal =
          RemovalView{c.removal->proposed_by, c.removal->reason, c.removal->endorsed_by};
    Extras(rec, iv);
    iv.review_by = layout::StringAt(doc_, rec.obj, layout::kReviewBy);
    iv.review_due = !iv.review_by.empty() && iv.review_by <= today_;
    iv.author = rec.author;
    const Member* author = ops_.membership().Find(rec.author);
    iv.author_former = author == nullptr || author->former;
    iv.created_ms = layout::IntAt(doc_, rec.obj, layout::kCreated);
    iv.edited_ms = layout::IntAt(doc_, rec.obj, layout::kEdited);
    iv.edited_by = layout::StringAt(doc_, rec.obj, layout::kEditedBy);
    return iv;
  }

  StanceView StanceFor(const ConsentResult& c, const std::string& m,
                       const ContentHash& current) const {
    StanceView s;
    s.member = m;
    auto it = c.stances.find(m);
    if (it != c.stances.end()) {
      if (it->second.kind == Stance::kWithdraw) {
        s.kind = StanceView::kWithdrawn;
        s.reason = it->second.reason;
      } else if (it->second.kind == Stance::kEndorse) {
        s.kind = it->second.hash == current ? StanceView::kEndorsedCurrent
                                            : StanceView::kEndorsedEarlier;
      }
    }
    auto r = c.revisits.find(m);
    if (r != c.revisits.end()) {
      s.revisit = true;
      s.revisit_reason = r->second;
    }
    s.reconfirm = c.reconfirm.count(m) > 0;
    return s;
  }

  // The fields of the last agreed content: the current ones when it is the
  // current content, else the item as of an endorsement of that hash.
  AgreedVersion AgreedAt(const layout::ItemRecord& rec, const ContentHash& hash,
                         const ContentHash& current, const std::vector<FieldView>& now) {
    AgreedVersion a{ToHex(hash), {}};
    if (hash == current) {
      a.fields = now;
      return a;
    }
    for (const PlanOpRecord* r : ops_.ForItem(rec.id)) {
      if (r->op.kind != OpKind::kEndorse || r->op.hash != hash) continue;
      crdt::Document past = doc_.StateAt({r->rec.change});
      if (auto old = layout::ReadItem(past, rec.id)) a.fields = Fields(past, *old);
      break;
    }
    return a;
  }

  // Suggestions and responses.
  void Extras(const layout::ItemRecord& rec, ItemView& iv) {
    std::map<std::string, std::string> closed;  // suggestion id -> status
    for (const PlanOpRecord* r : ops_.ForItem(rec.id)) {
      if (r->op.kind == OpKind::kDismiss)
        closed[r->op.target] = r->op.flag ? "taken" : "dismissed";
    }
    for (const PlanOpRecord* r : ops_.ForItem(rec.id)) {
      if (r->op.kind == OpKind::kSuggest) {
        std::string id = SuggestionIdOf(doc_, r->rec);
        auto it = closed.find(id);
        iv.suggestions.push_back({id, r->op.member, r->op.target, r->op.text,
                                  it == closed.end() ? "open" : it->second});
      } else if (r->op.kind == OpKind::kRespond) {
        iv.responses.push_back(
            {r->op.member, r->op.text, doc_.GetChange(r->rec.change).time_ms});
      }
    }
  }

  const crdt::Document& doc_;
  PlanOps ops_;
  std::string today_;
  std::vector<std::string> current_;
};

}  // namespace

PlanView Plan::View(int64_t now_ms) const { return ViewBuilder(doc_, now_ms).Build(); }

PlanView Plan::MembersView() const {
  PlanView v;
  v.title = Title();
  v.template_id = layout::StringAt(doc_, crdt::kRootObject, layout::kTemplate);
  v.members = MemberViews(members());
  return v;
}

std::string Plan::Title() const {
  return layout::StringAt(doc_, crdt::kRootObject, layout::kTitle);
}

}  // namespace mutual::plan
