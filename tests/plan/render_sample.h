// A hand-built PlanView for the renderer and view tests: three current
// members (Kim joined after most items were written), one former member,
// and an item in every state, with a conflicted scalar, a last agreed
// wording, suggestions, a removal proposal, a response, a debrief with
// per-member parts and a field holding markup that must come out escaped.
//
// Thread-safety: builds a fresh value on each call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libsync/plan/view.h"

namespace mutual::plan::testing {

inline constexpr int64_t kMarch1 = 1740787200000;  // 2025-03-01T00:00:00Z
inline constexpr int64_t kDay = 86400000;

inline FieldView TextField(std::string path, std::string text) {
  FieldView f;
  f.path = std::move(path);
  f.type = FieldType::kText;
  f.text = std::move(text);
  return f;
}

inline FieldView ScalarField(std::string path, std::vector<ScalarValue> values) {
  FieldView f;
  f.path = std::move(path);
  f.type = FieldType::kScalar;
  f.values = std::move(values);
  return f;
}

inline StanceView Stance(std::string member, StanceView::Kind kind) {
  StanceView s;
  s.member = std::move(member);
  s.kind = kind;
  return s;
}

inline ItemView Item(std::string id, std::string kind, std::string section,
                     ItemState state) {
  ItemView it;
  it.id = std::move(id);
  it.kind = std::move(kind);
  it.section = std::move(section);
  it.state = state;
  it.author = "rae";
  it.created_ms = kMarch1;
  it.content_hash_hex = "c0ffee" + it.id;
  it.stances = {Stance("rae", StanceView::kNone), Stance("jun", StanceView::kNone),
                Stance("kim", StanceView::kNone)};
  return it;
}

inline void EndorseAll(ItemView& it) {
  for (auto& s : it.stances) s.kind = StanceView::kEndorsedCurrent;
}

inline const ItemView* FindItem(const PlanView& plan, std::string_view id) {
  for (const auto& s : plan.sections) {
    for (const auto& i : s.items) {
      if (i.id == id) return &i;
    }
  }
  return nullptr;
}

inline PlanView SamplePlanView() {
  PlanView plan;
  plan.id = "plan-sample";
  plan.title = "Rae, Jun & Kim";
  plan.template_id = "relational";
  plan.members = {
      {"rae", "Rae", false, {"rae-phone"}, 0},
      {"jun", "Jun", false, {"jun-phone", "jun-tablet"}, 0},
      {"kim", "Kim", false, {"kim-laptop"}, kMarch1 + 10 * kDay},
      {"sam", "Sam", true, {"sam-phone"}, 0},
  };

  // agreed, written by a former member.
  ItemView agreed = Item("i-agreed", "note", "safety-meaning", ItemState::kAgreed);
  agreed.fields = {TextField("text", "Safe means we can say the hard thing out loud.")};
  agreed.author = "sam";
  agreed.author_former = true;
  EndorseAll(agreed);

  // changed: we_will edited since all agreed; Rae's endorsement is for it.
  ItemView changed = Item("i-changed", "agreement", "at-the-edge", ItemState::kChanged);
  changed.about_us = true;
  changed.fields = {TextField("when", "Either of us texts 'porch light'."),
                    ScalarField("from_time", {{"20:00", "rae", "rae-phone"}}),
                    TextField("we_will", "Talk within three hours."),
                    TextField("each_will.rae", "Say my worry out loud."),
                    TextField("each_will.jun", "Say what I need."),
                    TextField("each_will.kim", ""),
                    TextField("ends_when", "")};
  AgreedVersion last;
  last.content_hash_hex = "ab12cd34";
  last.fields = changed.fields;
  last.fields[2].text = "Talk within two hours.";
  changed.last_agreed = last;
  changed.stances[0].kind = StanceView::kEndorsedEarlier;
  changed.stances[1].kind = StanceView::kEndorsedCurrent;
  changed.stances[2].kind = StanceView::kEndorsedCurrent;
  changed.edited_ms = kMarch1 + 2 * kDay;
  changed.edited_by = "jun";

  // conflicted: concurrent from_time values.
  ItemView conflicted =
      Item("i-conflict", "agreement", "at-the-edge", ItemState::kConflicted);
  conflicted.fields = {TextField("when", "Money comes up late."),
                       ScalarField("from_time", {{"21:00", "rae", "rae-phone"},
                                                 {"22:00", "jun", "jun-tablet"}}),
                       TextField("we_will", "Write it on the fridge list.")};
  conflicted.stances[0].kind = StanceView::kEndorsedEarlier;

  ItemView draft = Item("i-draft", "helps", "helps", ItemState::kDraft);
  draft.fields = {TextField("text", "Walking to the canal without talking.")};

  ItemView proposed =
      Item("i-proposed", "bottom-line", "bottom-lines", ItemState::kProposed);
  proposed.fields = {TextField("text", "No police unless someone is hurt."),
                     TextField("why", "")};
  proposed.stances[0].kind = StanceView::kEndorsedCurrent;

  ItemView pending = Item("i-pending", "contact", "contacts", ItemState::kPending);
  pending.fields = {TextField("name", "Crisis line"),
                    ScalarField("role", {{"crisis-line", "jun", "jun-phone"}}),
                    ScalarField("phone", {{"116 123", "jun", "jun-phone"}}),
                    TextField("when_to_call", "Any time."),
                    ScalarField("contact_has_agreed", {})};
  pending.stances[0].kind = StanceView::kEndorsedCurrent;
  pending.stances[1].kind = StanceView::kEndorsedCurrent;

  // withdrawn; the text holds markup every renderer must escape.
  ItemView withdrawn =
      Item("i-withdrawn", "bottom-line", "bottom-lines", ItemState::kWithdrawn);
  withdrawn.fields = {
      TextField("text", "Keys stay with me <script>alert(1)</script> & \"why\""),
      TextField("why", "*Not* a [link](x)\nsecond line")};
  withdrawn.stances[0].kind = StanceView::kWithdrawn;
  withdrawn.stances[0].reason = "I said yes to end the argument.";
  withdrawn.stances[1].kind = StanceView::kEndorsedCurrent;

  ItemView revisit =
      Item("i-revisit", "bottom-line", "bottom-lines", ItemState::kRevisit);
  revisit.fields = {TextField("text", "I keep my own bank account.")};
  EndorseAll(revisit);
  revisit.stances[1].revisit = true;
  revisit.stances[1].revisit_reason = "What does 'own' cover?";

  ItemView removal =
      Item("i-removal", "contact", "contacts", ItemState::kRemovalProposed);
  removal.about_us = false;
  removal.about = {"jun"};
  removal.author = "jun";
  removal.fields = {TextField("name", "Priya"),
                    ScalarField("phone", {{"07700 900456", "jun", "jun-phone"}})};
  EndorseAll(removal);
  removal.removal = RemovalView{"jun", "We've lost touch.", {"jun"}};

  ItemView acked = Item("i-acked", "hot-button", "hot-buttons", ItemState::kAcknowledged);
  acked.about_us = false;
  acked.about = {"rae"};
  acked.mode = ConsentMode::kOwn;
  acked.stances.clear();
  acked.fields = {TextField("sets_it_off", "Being told I'm overreacting."),
                  TextField("looks_like", "I walk out."),
                  TextField("helps_in_moment", "")};
  acked.acks = {"jun", "kim"};
  acked.suggestions = {
      {"s1", "jun", "looks_like", "I walk out without saying where.", "open"}};
  acked.review_by = "2025-05-01";
  acked.review_due = true;

  ItemView feedback = Item("i-feedback", "feedback", "feedback", ItemState::kProposed);
  feedback.about_us = false;
  feedback.about = {"jun"};
  feedback.author = "jun";
  feedback.mode = ConsentMode::kOwn;
  feedback.stances.clear();
  feedback.fields = {ScalarField("from", {{"jun", "jun", "jun-phone"}}),
                     ScalarField("to", {{"rae", "jun", "jun-phone"}}),
                     TextField("see", "You withdrew from the keys line."),
                     TextField("feel", "Hurt."),
                     TextField("need", "To understand."),
                     TextField("invitation", "Tell me when ready?")};
  feedback.acks = {"kim"};
  feedback.responses = {{"rae", "Saturday works.", kMarch1 + kDay + 3600000}};

  ItemView debrief = Item("i-debrief", "debrief", "debriefs", ItemState::kAgreed);
  debrief.mode = ConsentMode::kMixed;
  debrief.fields = {TextField("happened", "A bad night; Rae came over."),
                    TextField("per_member.rae.felt", "Scared, then relieved."),
                    TextField("per_member.jun.felt", "Crowded."),
                    TextField("we_change", "Ask first what is needed.")};
  EndorseAll(debrief);

  plan.sections = {
      {"safety-meaning", "What safety means to us", {agreed}},
      {"hot-buttons", "Hot buttons", {acked}},
      {"bottom-lines", "Bottom lines", {proposed, withdrawn, revisit}},
      {"helps", "What helps / what doesn't", {draft}},
      {"at-the-edge", "What we will do at the edge", {changed, conflicted}},
      {"contacts", "Who we may call, and when", {pending, removal}},
      {"feedback", "Reflective feedback", {feedback}},
      {"debriefs", "After a hard time", {debrief}},
      {"power", "How we share power, what we noticed", {}},
  };
  return plan;
}

}  // namespace mutual::plan::testing
