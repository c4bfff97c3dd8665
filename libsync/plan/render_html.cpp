#include "libsync/plan/render_html.h"

#include "libsync/plan/render_util.h"

namespace mutual::plan {
namespace {

// Escapes for both element content and quoted attribute values.
std::string Esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr std::string_view kStyle = R"css(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
.meta, .item-meta { color: #555; font-size: .85rem; }
.item { border: 1px solid #ddd; border-left: 4px solid #999; border-radius: 4px;
        padding: .6rem .9rem; margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
.item h3 { font-size: 1rem; margin: 0 0 .2rem; }
.state { font-weight: 600; }
.badge { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 3px;
         background: #eee; margin-right: .4rem; text-transform: uppercase; }
.state-agreed, .state-acknowledged { border-left-color: #2e7d32; }
.state-changed, .state-pending, .state-proposed, .state-draft { border-left-color: #f9a825; }
.state-withdrawn, .state-revisit, .state-conflicted, .state-removal-proposed {
  border-left-color: #c62828; }
dl { margin: .4rem 0 0; }
dt { font-weight: 600; margin-top: .3rem; }
dd { margin: 0 0 0 1rem; white-space: pre-wrap; }
.conflict { color: #c62828; }
.last-agreed { color: #555; border-left: 2px solid #ccc; padding-left: .5rem; margin-top: .2rem; }
.extra { margin: .4rem 0 0; padding-left: 1.2rem; }
.extra li { white-space: pre-wrap; }
.empty { color: #777; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; }
  .item { border-color: #999; }
  h2 { page-break-after: avoid; break-after: avoid; }
  a { color: #000; text-decoration: none; }
}
)css";

void RenderField(std::string& out, const ItemView& item, const FieldView& field,
                 const PlanView& plan) {
  const std::string label = render::FieldLabel(item.kind, field.path, plan);
  const std::string value = render::FieldText(item, field, plan);
  out += "<dt>" + Esc(label) + "</dt>\n<dd";
  if (field.conflicted()) out += " class=\"conflict\"";
  out += ">" + (value.empty() ? "<span class=\"empty\">(empty)</span>" : Esc(value));
  if (field.conflicted()) out += " <strong>(conflict: choose one value)</strong>";
  if (render::DiffersFromAgreed(item, field)) {
    const FieldView* agreed = render::AgreedField(item, field.path);
    std::string old = agreed ? render::FieldText(item, *agreed, plan) : "";
    out += "<div class=\"last-agreed\">Last agreed: " +
           (old.empty() ? "<span class=\"empty\">(empty)</span>" : Esc(old)) + "</div>";
  }
  out += "</dd>\n";
}

void RenderExtras(std::string& out, const ItemView& item, const PlanView& plan) {
  std::string li;
  for (const auto& s : item.suggestions) {
    li += "<li>Suggestion from " + Esc(plan.DisplayName(s.by)) + " for " +
          Esc(render::FieldLabel(item.kind, s.field, plan)) + " (" + Esc(s.status) +
          "): " + Esc(s.text) + "</li>\n";
  }
  for (const auto& r : item.responses) {
    std::string when = render::FormatUtc(r.at_ms);
    li += "<li>Response from " + Esc(plan.DisplayName(r.from)) +
          (when.empty() ? "" : ", " + Esc(when)) + ": " + Esc(r.text) + "</li>\n";
  }
  if (item.removal && item.state != ItemState::kRemovalProposed) {
    li += "<li>Removal proposed by " + Esc(plan.DisplayName(item.removal->proposed_by)) +
          ": " + Esc(item.removal->reason) + "</li>\n";
  }
  if (!item.review_by.empty()) {
    li += "<li>Review by " + Esc(item.review_by) +
          (item.review_due ? " <strong>(due now)</strong>" : "") + "</li>\n";
  }
  if (!li.empty()) out += "<ul class=\"extra\">\n" + li + "</ul>\n";
}

void RenderItem(std::string& out, const ItemView& item, const PlanView& plan) {
  const std::string state(StateName(item.state));
  out +=
      "<article class=\"item state-" + state + "\" id=\"item-" + Esc(item.id) + "\">\n";
  out += "<h3>" + Esc(render::KindTitle(item.kind)) + " — " +
         Esc(DescribeAbout(item, plan)) + "</h3>\n";
  out += "<div class=\"state\"><span class=\"badge\">" + state + "</span>" +
         Esc(DescribeState(item, plan)) + "</div>\n";
  std::string meta = render::DescribeAuthorship(item, plan);
  out += "<div class=\"item-meta\">" + Esc(meta) + "</div>\n<dl>\n";
  for (const auto& f : item.fields) {
    if (render::ShouldShowField(item, f)) RenderField(out, item, f, plan);
  }
  out += "</dl>\n";
  RenderExtras(out, item, plan);
  out += "</article>\n";
}

}  // namespace

std::string RenderHtml(const PlanView& plan) {
  const std::string title = plan.title.empty() ? "(untitled plan)" : plan.title;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>" +
      Esc(title) + "</title>\n<style>" + std::string(kStyle) +
      "</style>\n</head>\n<body>\n";
  out += "<h1>" + Esc(title) +
         "</h1>\n<p class=\"meta\">Members: " + Esc(render::DescribeMembers(plan));
  const std::string former = render::DescribeFormerMembers(plan);
  if (!former.empty()) out += "<br>Former members: " + Esc(former);
  out += "<br>Template: " + Esc(plan.template_id) + "</p>\n";
  for (const auto& section : plan.sections) {
    out += "<section id=\"section-" + Esc(section.id) + "\">\n<h2>" + Esc(section.title) +
           "</h2>\n";
    if (section.items.empty()) out += "<p class=\"empty\">Nothing yet.</p>\n";
    for (const auto& item : section.items) RenderItem(out, item, plan);
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace mutual::plan
