#include "libsync/plan/render_markdown.h"

#include <cctype>

#include "libsync/plan/render_util.h"

namespace mutual::plan {
namespace {

// CommonMark lets any ASCII punctuation be backslash-escaped. We escape the
// characters that start emphasis, code, links, raw HTML, entities and
// tables anywhere, and the ones that start a block only at a line's start;
// line breaks become hard breaks indented to stay inside the list item.
std::string Escape(std::string_view s, std::string_view continuation = "  ") {
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') continue;
    if (c == '\n') {
      out += "\\\n";
      out += continuation;
      line_start = true;
      continue;
    }
    if (line_start && (c == ' ' || c == '\t')) continue;  // no accidental code blocks
    const bool always =
        std::string_view("\\`*_[]<>&|~!#").find(c) != std::string_view::npos;
    const bool at_start =
        line_start && std::string_view("-+=").find(c) != std::string_view::npos;
    if (always || at_start) out += '\\';
    out += c;
    // "1." or "1)" at a line's start would begin an ordered list.
    if (line_start && std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i + 1;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
        out += s[j++];
      if (j < s.size() && (s[j] == '.' || s[j] == ')')) {
        out += '\\';
        out += s[j++];
      }
      i = j - 1;
    }
    line_start = false;
  }
  return out;
}

void Bullet(std::string& out, std::string_view indent, const std::string& label,
            const std::string& value) {
  out += std::string(indent) + "- **" + Escape(label) + ":** " +
         Escape(value, std::string(indent) + "  ") + "\n";
}

void RenderField(std::string& out, const ItemView& item, const FieldView& field,
                 const PlanView& plan) {
  const std::string label = render::FieldLabel(item.kind, field.path, plan);
  std::string value = render::FieldText(item, field, plan);
  out += "- **" + Escape(label) + ":** " +
         (value.empty() ? "*(empty)*" : Escape(value, "  "));
  if (field.conflicted()) out += " *(conflict: choose one value)*";
  out += "\n";
  if (!render::DiffersFromAgreed(item, field)) return;
  const FieldView* agreed = render::AgreedField(item, field.path);
  std::string old = agreed ? render::FieldText(item, *agreed, plan) : "";
  out += "  - *Last agreed:* " + (old.empty() ? "*(empty)*" : Escape(old, "    ")) + "\n";
}

void RenderItem(std::string& out, const ItemView& item, const PlanView& plan) {
  out += "### " + Escape(render::KindTitle(item.kind)) + " — " +
         Escape(DescribeAbout(item, plan)) + "\n\n";
  out += "**" + std::string(StateName(item.state)) + "** — " +
         Escape(DescribeState(item, plan)) + " \\\n";
  std::string meta = render::DescribeAuthorship(item, plan);
  meta += " · id " + item.id;
  out += "*" + Escape(meta) + "*\n\n";
  for (const auto& f : item.fields) {
    if (render::ShouldShowField(item, f)) RenderField(out, item, f, plan);
  }
  for (const auto& s : item.suggestions) {
    Bullet(out, "",
           "Suggestion from " + plan.DisplayName(s.by) + " for " +
               render::FieldLabel(item.kind, s.field, plan) + " (" + s.status + ")",
           s.text);
  }
  for (const auto& r : item.responses) {
    std::string when = render::FormatUtc(r.at_ms);
    Bullet(
        out, "",
        "Response from " + plan.DisplayName(r.from) + (when.empty() ? "" : ", " + when),
        r.text);
  }
  if (item.removal && item.state != ItemState::kRemovalProposed) {
    Bullet(out, "", "Removal proposed by " + plan.DisplayName(item.removal->proposed_by),
           item.removal->reason);
  }
  if (!item.review_by.empty()) {
    Bullet(out, "", "Review by", item.review_by + (item.review_due ? " (due now)" : ""));
  }
  out += "\n";
}

}  // namespace

std::string RenderMarkdown(const PlanView& plan) {
  std::string out =
      "# " + Escape(plan.title.empty() ? "(untitled plan)" : plan.title) + "\n\n";
  out += "Members: " + Escape(render::DescribeMembers(plan)) + " \\\n";
  const std::string former = render::DescribeFormerMembers(plan);
  if (!former.empty()) out += "Former members: " + Escape(former) + " \\\n";
  out += "Template: " + Escape(plan.template_id) + "\n";
  for (const auto& section : plan.sections) {
    if (out.compare(out.size() - 2, 2, "\n\n") != 0) out += "\n";
    out += "## " + Escape(section.title) + "\n\n";
    if (section.items.empty()) out += "*Nothing yet.*\n";
    for (const auto& item : section.items) RenderItem(out, item, plan);
  }
  return out;
}

}  // namespace mutual::plan
