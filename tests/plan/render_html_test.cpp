#include "libsync/plan/render_html.h"

#include <catch2/catch.hpp>

#include "tests/plan/render_sample.h"

namespace mutual::plan {
namespace {

using testing::SamplePlanView;

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("HtmlIsOneSelfContainedPrintablePage") {
  const std::string out = RenderHtml(SamplePlanView());
  CHECK_THAT(out, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK_THAT(out, Catch::EndsWith("</body>\n</html>\n"));
  CHECK_THAT(out, Catch::Contains("<meta charset=\"utf-8\">"));
  CHECK_THAT(out, Catch::Contains("@media print"));
  CHECK(Count(out, "<style>") == 1);
  // Nothing is fetched from elsewhere and nothing runs.
  CHECK(out.find("<script") == std::string::npos);
  CHECK(out.find("<link") == std::string::npos);
  CHECK(out.find("src=") == std::string::npos);
  CHECK(out.find("http") == std::string::npos);
}

TEST_CASE("HtmlEscapesEverythingPeopleWrote") {
  PlanView plan = SamplePlanView();
  plan.title = "<b>Ours</b>";
  plan.members[0].name = "Rae <img src=x onerror=alert(1)>";
  const std::string out = RenderHtml(plan);
  CHECK_THAT(out,
             Catch::Contains("Keys stay with me &lt;script&gt;alert(1)&lt;/script&gt; "
                             "&amp; &quot;why&quot;"));
  CHECK_THAT(out, Catch::Contains("<title>&lt;b&gt;Ours&lt;/b&gt;</title>"));
  CHECK_THAT(out, Catch::Contains("Rae &lt;img src=x onerror=alert(1)&gt;"));
  CHECK(out.find("<script>") == std::string::npos);
  CHECK(out.find("<img") == std::string::npos);
  CHECK(out.find("<b>") == std::string::npos);
}

TEST_CASE("HtmlMarksEachItemWithItsState") {
  const std::string out = RenderHtml(SamplePlanView());
  for (const char* state :
       {"agreed", "acknowledged", "proposed", "withdrawn", "revisit", "draft", "changed",
        "conflicted", "pending", "removal-proposed"}) {
    INFO(state);
    CHECK_THAT(out, Catch::Contains(std::string("class=\"item state-") + state + "\""));
  }
  CHECK(Count(out, "<article ") == 12);
  CHECK_THAT(
      out, Catch::Contains("<span class=\"badge\">pending</span>pending: Kim joined and "
                           "hasn&#39;t endorsed yet"));
}

TEST_CASE("HtmlShowsConflictAndLastAgreedWording") {
  const std::string out = RenderHtml(SamplePlanView());
  CHECK_THAT(out, Catch::Contains(
                      "<dt>From</dt>\n<dd class=\"conflict\">Rae: 21:00 / Jun: 22:00 "
                      "<strong>(conflict: choose one value)</strong></dd>"));
  CHECK_THAT(
      out, Catch::Contains("<dd>Talk within three hours.<div class=\"last-agreed\">Last "
                           "agreed: Talk within two hours.</div></dd>"));
}

TEST_CASE("HtmlShowsSuggestionsResponsesReviewAndFormerMembers") {
  const std::string out = RenderHtml(SamplePlanView());
  CHECK_THAT(out,
             Catch::Contains("<li>Suggestion from Jun for What it looks like (open): I "
                             "walk out without saying where.</li>"));
  CHECK_THAT(out, Catch::Contains("<li>Response from Rae, 2025-03-02 01:00 UTC: Saturday "
                                  "works.</li>"));
  CHECK_THAT(out,
             Catch::Contains("<li>Review by 2025-05-01 <strong>(due now)</strong></li>"));
  CHECK_THAT(out, Catch::Contains("Written by Sam (former member)"));
  CHECK_THAT(out, Catch::Contains("Former members: Sam"));
}

}  // namespace
}  // namespace mutual::plan
