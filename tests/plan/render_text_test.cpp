#include "libsync/plan/render_text.h"

#include <catch2/catch.hpp>

#include "tests/plan/render_sample.h"

namespace mutual::plan {
namespace {

using testing::SamplePlanView;

// The block of lines of one item, from its header line to the blank line.
std::string ItemBlock(const std::string& out, const std::string& id) {
  size_t header = out.find("(" + id + ")");
  REQUIRE(header != std::string::npos);
  size_t start = out.rfind('\n', header) + 1;
  size_t end = out.find("\n\n", header);
  return out.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST_CASE("TextShowsTitleMembersAndFormerMembers") {
  const std::string out = RenderText(SamplePlanView());
  CHECK_THAT(out, Catch::StartsWith("Rae, Jun & Kim\n"));
  CHECK_THAT(out,
             Catch::Contains("Members: Rae (rae-phone), Jun (jun-phone, jun-tablet), Kim "
                             "(kim-laptop)\n"));
  CHECK_THAT(out, Catch::Contains("Former members: Sam\n"));
  CHECK_THAT(out, Catch::Contains("Template: relational\n"));
}

TEST_CASE("TextListsSectionsInOrder") {
  const std::string out = RenderText(SamplePlanView());
  size_t last = 0;
  for (const char* title :
       {"== What safety means to us ==", "== Hot buttons ==", "== Bottom lines ==",
        "== What we will do at the edge ==", "== Who we may call, and when ==",
        "== After a hard time ==", "== How we share power, what we noticed =="}) {
    size_t at = out.find(title);
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
  CHECK_THAT(out, Catch::EndsWith(
                      "== How we share power, what we noticed ==\n\n  (nothing yet)\n"));
}

TEST_CASE("TextShowsConflictingValuesSideBySide") {
  const std::string block = ItemBlock(RenderText(SamplePlanView()), "i-conflict");
  CHECK_THAT(block, Catch::Contains("[conflicted]"));
  CHECK_THAT(block, Catch::Contains("    From: Rae: 21:00 / Jun: 22:00   [conflict]\n"));
  CHECK_THAT(block, Catch::Contains("choose one value before agreeing"));
}

TEST_CASE("TextShowsLastAgreedWordingBesideTheChange") {
  const std::string block = ItemBlock(RenderText(SamplePlanView()), "i-changed");
  CHECK_THAT(block, Catch::Contains("    We will: Talk within three hours.\n"
                                    "      last agreed: Talk within two hours.\n"));
  CHECK_THAT(block,
             Catch::Contains("Rae agreed to an earlier wording; Jun and Kim agreed to "
                             "the current one"));
  // Unchanged fields carry no "last agreed" line.
  CHECK(block.find("last agreed") == block.rfind("last agreed"));
  CHECK_THAT(block, Catch::Contains("edited by Jun, 2025-03-03 00:00 UTC"));
}

TEST_CASE("TextShowsEveryStateInPlainWords") {
  const std::string out = RenderText(SamplePlanView());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"i-agreed", "agreed by all three"},
      {"i-acked", "acknowledged by Jun and Kim"},
      {"i-proposed", "proposed by Rae; waiting for Jun and Kim to agree"},
      {"i-withdrawn", "Rae withdrew: I said yes to end the argument."},
      {"i-revisit", "Jun asked to revisit this: What does 'own' cover?"},
      {"i-draft", "draft — not yet endorsed by its author"},
      {"i-pending", "pending: Kim joined and hasn't endorsed yet"},
      {"i-removal", "Jun proposed removing this (waiting for Rae and Kim to agree)"},
      {"i-feedback", "waiting for Rae to acknowledge"},
  };
  for (const auto& [id, words] : expected) {
    INFO(id);
    CHECK_THAT(ItemBlock(out, id), Catch::Contains(words));
  }
}

TEST_CASE("TextShowsSuggestionsResponsesReviewAndFormerAuthor") {
  const std::string out = RenderText(SamplePlanView());
  CHECK_THAT(
      ItemBlock(out, "i-acked"),
      Catch::Contains("Suggestion from Jun for What it looks like (open): I walk out "
                      "without saying where."));
  CHECK_THAT(ItemBlock(out, "i-acked"),
             Catch::Contains("Review by 2025-05-01 — due now"));
  CHECK_THAT(ItemBlock(out, "i-feedback"),
             Catch::Contains("Response from Rae, 2025-03-02 01:00 UTC: Saturday works."));
  CHECK_THAT(ItemBlock(out, "i-feedback"),
             Catch::Contains("    From: Jun\n    To: Rae\n"));
  CHECK_THAT(ItemBlock(out, "i-agreed"),
             Catch::Contains("Written by Sam (former member)"));
}

TEST_CASE("TextNamesPerMemberFieldsAndSkipsEmptyOnes") {
  const std::string out = RenderText(SamplePlanView());
  const std::string changed = ItemBlock(out, "i-changed");
  CHECK_THAT(changed, Catch::Contains("Each will (Rae): Say my worry out loud."));
  CHECK(changed.find("Each will (Kim)") == std::string::npos);
  CHECK(changed.find("Ends when") == std::string::npos);
  CHECK_THAT(ItemBlock(out, "i-debrief"), Catch::Contains("How it felt (Jun): Crowded."));
}

TEST_CASE("TextIndentsContinuationLines") {
  const std::string block = ItemBlock(RenderText(SamplePlanView()), "i-withdrawn");
  CHECK_THAT(block, Catch::Contains("    Why: *Not* a [link](x)\n         second line"));
}

}  // namespace
}  // namespace mutual::plan
