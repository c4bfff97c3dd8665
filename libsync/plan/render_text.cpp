#include "libsync/plan/render_text.h"

#include "libsync/plan/render_util.h"

namespace mutual::plan {
namespace {

// Continuation lines of a multi-line value line up under its first line.
std::string Indent(std::string_view value, size_t width) {
  std::string out;
  for (char c : value) {
    out += c;
    if (c == '\n') out.append(width, ' ');
  }
  return out;
}

void Line(std::string& out, size_t indent, std::string_view label,
          std::string_view value) {
  std::string head(indent, ' ');
  head += label;
  head += ": ";
  out += head + Indent(value, head.size()) + "\n";
}

void RenderField(std::string& out, const ItemView& item, const FieldView& field,
                 const PlanView& plan) {
  const std::string label = render::FieldLabel(item.kind, field.path, plan);
  std::string value = render::FieldText(item, field, plan);
  if (field.conflicted()) value += "   [conflict]";
  if (value.empty()) value = "(empty)";
  Line(out, 4, label, value);
  if (!render::DiffersFromAgreed(item, field)) return;
  const FieldView* agreed = render::AgreedField(item, field.path);
  std::string old = agreed ? render::FieldText(item, *agreed, plan) : "";
  Line(out, 6, "last agreed", old.empty() ? "(empty)" : old);
}

void RenderItem(std::string& out, const ItemView& item, const PlanView& plan) {
  out += "  * " + render::KindTitle(item.kind) + " · " + DescribeAbout(item, plan) +
         " · [" + std::string(StateName(item.state)) + "]  (" + item.id + ")\n";
  out += "    " + DescribeState(item, plan) + "\n";
  for (const auto& f : item.fields) {
    if (render::ShouldShowField(item, f)) RenderField(out, item, f, plan);
  }
  for (const auto& s : item.suggestions) {
    Line(out, 4,
         "Suggestion from " + plan.DisplayName(s.by) + " for " +
             render::FieldLabel(item.kind, s.field, plan) + " (" + s.status + ")",
         s.text);
  }
  for (const auto& r : item.responses) {
    std::string when = render::FormatUtc(r.at_ms);
    Line(out, 4,
         "Response from " + plan.DisplayName(r.from) + (when.empty() ? "" : ", " + when),
         r.text);
  }
  if (item.removal && item.state != ItemState::kRemovalProposed) {
    Line(out, 4, "Removal proposed by " + plan.DisplayName(item.removal->proposed_by),
         item.removal->reason);
  }
  if (!item.review_by.empty()) {
    out +=
        "    Review by " + item.review_by + (item.review_due ? " — due now" : "") + "\n";
  }
  std::string meta = "    " + render::DescribeAuthorship(item, plan);
  out += meta + "\n\n";
}

}  // namespace

std::string RenderText(const PlanView& plan) {
  std::string out = plan.title.empty() ? "(untitled plan)" : plan.title;
  out += "\n" + std::string(out.size() > 60 ? 60 : out.size(), '=') + "\n";
  out += "Members: " + render::DescribeMembers(plan) + "\n";
  const std::string former = render::DescribeFormerMembers(plan);
  if (!former.empty()) out += "Former members: " + former + "\n";
  out += "Template: " + plan.template_id + "\n";
  for (const ForkView& f : plan.forks) out += "Forked: " + DescribeFork(f, plan) + "\n";
  for (const auto& section : plan.sections) {
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\n\n") != 0) out += "\n";
    out += "== " + section.title + " ==\n\n";
    if (section.items.empty()) out += "  (nothing yet)\n";
    for (const auto& item : section.items) RenderItem(out, item, plan);
  }
  return out;
}

}  // namespace mutual::plan
