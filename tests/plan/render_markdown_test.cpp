#include "libsync/plan/render_markdown.h"

#include <catch2/catch.hpp>

#include "tests/plan/render_sample.h"

namespace mutual::plan {
namespace {

using testing::SamplePlanView;

TEST_CASE("MarkdownHasTitleAndSectionHeadingsInOrder") {
  const std::string out = RenderMarkdown(SamplePlanView());
  CHECK_THAT(out, Catch::StartsWith("# Rae, Jun \\& Kim\n"));
  size_t safety = out.find("\n## What safety means to us\n");
  size_t edge = out.find("\n## What we will do at the edge\n");
  size_t power = out.find("\n## How we share power, what we noticed\n\n*Nothing yet.*\n");
  REQUIRE(safety != std::string::npos);
  REQUIRE(edge != std::string::npos);
  REQUIRE(power != std::string::npos);
  CHECK(safety < edge);
  CHECK(edge < power);
  CHECK_THAT(out, Catch::Contains("Former members: Sam"));
}

TEST_CASE("MarkdownGivesEachItemItsStateAndFields") {
  const std::string out = RenderMarkdown(SamplePlanView());
  CHECK_THAT(out, Catch::Contains("### Hot button — about Rae\n\n**acknowledged** — "
                                  "acknowledged by Jun and Kim"));
  CHECK_THAT(out,
             Catch::Contains("- **What sets it off:** Being told I'm overreacting.\n"));
  CHECK_THAT(
      out, Catch::Contains("**pending** — pending: Kim joined and hasn't endorsed yet"));
  CHECK_THAT(out, Catch::Contains("**removal-proposed** — Jun proposed removing this"));
  CHECK_THAT(out,
             Catch::Contains("- **Suggestion from Jun for What it looks like (open):** "
                             "I walk out without saying where.\n"));
  CHECK_THAT(out,
             Catch::Contains("- **Response from Rae, 2025-03-02 01:00 UTC:** Saturday "
                             "works.\n"));
}

TEST_CASE("MarkdownShowsConflictAndLastAgreed") {
  const std::string out = RenderMarkdown(SamplePlanView());
  CHECK_THAT(out,
             Catch::Contains("- **From:** Rae: 21:00 / Jun: 22:00 *(conflict: choose one "
                             "value)*\n"));
  CHECK_THAT(out, Catch::Contains("- **We will:** Talk within three hours.\n"
                                  "  - *Last agreed:* Talk within two hours.\n"));
}

TEST_CASE("MarkdownEscapesWhatPeopleWrote") {
  const std::string out = RenderMarkdown(SamplePlanView());
  CHECK_THAT(out,
             Catch::Contains("Keys stay with me \\<script\\>alert(1)\\</script\\> \\& "
                             "\"why\""));
  CHECK(out.find("<script>") == std::string::npos);
  // Emphasis and link syntax are escaped; the line break stays inside the
  // list item as a hard break.
  CHECK_THAT(out,
             Catch::Contains("- **Why:** \\*Not\\* a \\[link\\](x)\\\n  second line\n"));
}

TEST_CASE("MarkdownEscapesBlockSyntaxAtLineStart") {
  PlanView plan = SamplePlanView();
  plan.sections[0].items[0].fields[0].text =
      "# not a heading\n- not a list\n1. not ordered";
  const std::string out = RenderMarkdown(plan);
  CHECK_THAT(out, Catch::Contains("- **Note:** \\# not a heading\\\n  \\- not a list\\\n"
                                  "  1\\. not ordered\n"));
}

}  // namespace
}  // namespace mutual::plan
