#include "libsync/plan/view.h"

#include <algorithm>
#include <array>

namespace mutual::plan {
namespace {

constexpr std::array<std::pair<ItemState, std::string_view>, 10> kStateNames{{
    {ItemState::kDraft, "draft"},
    {ItemState::kProposed, "proposed"},
    {ItemState::kAgreed, "agreed"},
    {ItemState::kChanged, "changed"},
    {ItemState::kPending, "pending"},
    {ItemState::kWithdrawn, "withdrawn"},
    {ItemState::kRevisit, "revisit"},
    {ItemState::kConflicted, "conflicted"},
    {ItemState::kRemovalProposed, "removal-proposed"},
    {ItemState::kAcknowledged, "acknowledged"},
}};

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// "Rae", "Rae and Jun", "Dana, Mo and Kim".
std::string JoinAnd(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::vector<std::string> Names(const PlanView& plan,
                               const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(plan.DisplayName(id));
  return out;
}

std::string WithReason(std::string text, const std::string& reason) {
  if (!reason.empty()) text += ": " + reason;
  return text;
}

std::string AgreedByAll(const PlanView& plan) {
  static constexpr std::array<std::string_view, 9> kCount{
      "",         "",        "both",      "all three", "all four",
      "all five", "all six", "all seven", "all eight"};
  std::vector<std::string> current = plan.CurrentMemberIds();
  if (current.empty()) return "agreed";
  if (current.size() == 1) return "agreed by " + plan.DisplayName(current[0]);
  if (current.size() < kCount.size())
    return "agreed by " + std::string(kCount[current.size()]);
  return "agreed by all " + std::to_string(current.size());
}

std::string DescribeChanged(const ItemView& item, const PlanView& plan) {
  std::vector<std::string> earlier, current, none;
  for (const auto& s : item.stances) {
    if (s.kind == StanceView::kEndorsedEarlier) earlier.push_back(s.member);
    if (s.kind == StanceView::kEndorsedCurrent) current.push_back(s.member);
    if (s.kind == StanceView::kNone) none.push_back(s.member);
  }
  std::vector<std::string> parts;
  if (!earlier.empty()) {
    parts.push_back(JoinAnd(Names(plan, earlier)) + " agreed to an earlier wording");
  }
  if (!current.empty()) {
    parts.push_back(JoinAnd(Names(plan, current)) + " agreed to the current one");
  }
  if (!none.empty()) {
    parts.push_back(JoinAnd(Names(plan, none)) +
                    (none.size() == 1 ? " hasn't agreed to any wording yet"
                                      : " haven't agreed to any wording yet"));
  }
  std::string out = "changed since agreed";
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? ": " : "; ") + parts[i];
  return out;
}

std::string DescribePending(const ItemView& item, const PlanView& plan) {
  std::vector<std::string> parts;
  for (const auto& s : item.stances) {
    const std::string name = plan.DisplayName(s.member);
    if (s.kind == StanceView::kEndorsedCurrent && s.reconfirm) {
      parts.push_back(name + " needs to confirm again after the membership change");
    } else if (s.kind != StanceView::kEndorsedCurrent) {
      const MemberView* m = plan.FindMember(s.member);
      bool joined_later = m != nullptr && m->joined_ms > item.created_ms;
      parts.push_back(name + (joined_later ? " joined and hasn't endorsed yet"
                                           : " hasn't endorsed yet"));
    }
  }
  std::string out = "pending";
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? ": " : "; ") + parts[i];
  return out;
}

std::string DescribeConflicted(const ItemView& item, const PlanView& plan) {
  std::string out;
  for (const auto& f : item.fields) {
    if (!f.conflicted()) continue;
    if (!out.empty()) out += "; ";
    out += DescribeValues(f, plan) + " (" + f.path + ")";
  }
  out += item.mode == ConsentMode::kOwn ? " — choose one value before acknowledging"
                                        : " — choose one value before agreeing";
  std::vector<std::string> earlier;
  for (const auto& s : item.stances) {
    if (s.kind == StanceView::kEndorsedEarlier) earlier.push_back(s.member);
  }
  if (!earlier.empty()) {
    out += "; " + JoinAnd(Names(plan, earlier)) +
           (earlier.size() == 1 ? " agreed to an earlier wording, which does not count"
                                : " agreed to earlier wordings, which do not count");
  }
  return out;
}

// Current members, other than the ones the item is about, who have not
// acknowledged its current content.
std::vector<std::string> MissingAcks(const ItemView& item, const PlanView& plan) {
  std::vector<std::string> out;
  for (const auto& id : plan.CurrentMemberIds()) {
    if (!item.about_us && Contains(item.about, id)) continue;
    if (!Contains(item.acks, id)) out.push_back(id);
  }
  return out;
}

std::vector<std::string> NotEndorsedCurrent(const ItemView& item) {
  std::vector<std::string> out;
  for (const auto& s : item.stances) {
    if (s.kind != StanceView::kEndorsedCurrent) out.push_back(s.member);
  }
  return out;
}

std::string DescribeRemoval(const ItemView& item, const PlanView& plan) {
  if (!item.removal) return "removal proposed";
  const RemovalView& r = *item.removal;
  std::string out = plan.DisplayName(r.proposed_by) + " proposed removing this";
  std::vector<std::string> waiting;
  for (const auto& id : plan.CurrentMemberIds()) {
    if (!Contains(r.endorsed_by, id)) waiting.push_back(id);
  }
  if (!waiting.empty())
    out += " (waiting for " + JoinAnd(Names(plan, waiting)) + " to agree)";
  return WithReason(out, r.reason);
}

std::string DescribeProposed(const ItemView& item, const PlanView& plan) {
  if (item.mode == ConsentMode::kOwn) {
    std::vector<std::string> missing = MissingAcks(item, plan);
    if (missing.empty()) return "proposed";
    return "waiting for " + JoinAnd(Names(plan, missing)) + " to acknowledge";
  }
  std::vector<std::string> missing = NotEndorsedCurrent(item);
  std::string out = "proposed by " + plan.DisplayName(item.author);
  if (!missing.empty())
    out += "; waiting for " + JoinAnd(Names(plan, missing)) + " to agree";
  return out;
}

}  // namespace

std::string_view StateName(ItemState state) {
  for (const auto& [s, name] : kStateNames) {
    if (s == state) return name;
  }
  return "draft";
}

std::optional<ItemState> ParseStateName(std::string_view name) {
  for (const auto& [s, n] : kStateNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string FieldView::value() const {
  if (type == FieldType::kText) return text;
  return values.size() == 1 ? values[0].value : std::string();
}

const FieldView* ItemView::FindField(std::string_view p) const {
  for (const auto& f : fields) {
    if (f.path == p) return &f;
  }
  return nullptr;
}

const StanceView* ItemView::FindStance(std::string_view m) const {
  for (const auto& s : stances) {
    if (s.member == m) return &s;
  }
  return nullptr;
}

const MemberView* PlanView::FindMember(std::string_view member_id) const {
  for (const auto& m : members) {
    if (m.id == member_id) return &m;
  }
  return nullptr;
}

std::string DescribeFork(const ForkView& fork, const PlanView& plan) {
  const std::string seq = std::to_string(fork.seq);
  const std::string who =
      fork.member.empty() ? "device " : plan.DisplayName(fork.member) + "'s device ";
  return who + fork.device + " wrote two different changes numbered " + seq +
         " (it was restored from a backup, or misbehaves): none of its changes from " +
         seq + " on apply";
}

std::string PlanView::DisplayName(std::string_view member_id) const {
  const MemberView* m = FindMember(member_id);
  if (m == nullptr) return std::string(member_id);
  const std::string& name = m->name.empty() ? m->id : m->name;
  return m->former ? name + " (former member)" : name;
}

std::vector<std::string> PlanView::CurrentMemberIds() const {
  std::vector<std::string> out;
  for (const auto& m : members) {
    if (!m.former) out.push_back(m.id);
  }
  return out;
}

std::string DescribeValues(const FieldView& field, const PlanView& plan) {
  if (field.type == FieldType::kText) return field.text;
  if (field.values.size() == 1) return field.values[0].value;
  std::string out;
  for (const auto& v : field.values) {
    if (!out.empty()) out += " / ";
    out += plan.DisplayName(v.set_by) + ": " + v.value;
  }
  return out;
}

std::string DescribeState(const ItemView& item, const PlanView& plan) {
  switch (item.state) {
    case ItemState::kDraft:
      return "draft — not yet endorsed by its author";
    case ItemState::kProposed:
      return DescribeProposed(item, plan);
    case ItemState::kAgreed:
      return AgreedByAll(plan);
    case ItemState::kChanged:
      return DescribeChanged(item, plan);
    case ItemState::kPending:
      return DescribePending(item, plan);
    case ItemState::kWithdrawn: {
      std::string out;
      for (const auto& s : item.stances) {
        if (s.kind != StanceView::kWithdrawn) continue;
        if (!out.empty()) out += "; ";
        out += WithReason(plan.DisplayName(s.member) + " withdrew", s.reason);
      }
      return out.empty() ? "withdrawn" : out;
    }
    case ItemState::kRevisit: {
      std::string out;
      for (const auto& s : item.stances) {
        if (!s.revisit) continue;
        if (!out.empty()) out += "; ";
        out += WithReason(plan.DisplayName(s.member) + " asked to revisit this",
                          s.revisit_reason);
      }
      return out.empty() ? "revisit requested" : out;
    }
    case ItemState::kConflicted:
      return DescribeConflicted(item, plan);
    case ItemState::kRemovalProposed:
      return DescribeRemoval(item, plan);
    case ItemState::kAcknowledged:
      return item.acks.empty() ? "acknowledged"
                               : "acknowledged by " + JoinAnd(Names(plan, item.acks));
  }
  return std::string(StateName(item.state));
}

std::string DescribeAbout(const ItemView& item, const PlanView& plan) {
  if (item.about_us || item.about.empty()) return "about us";
  return "about " + JoinAnd(Names(plan, item.about));
}

}  // namespace mutual::plan
