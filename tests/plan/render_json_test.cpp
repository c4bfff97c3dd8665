#include "libsync/plan/render_json.h"
#include "libsync/plan/render_json_writer.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/plan/render_sample.h"

namespace mutual::plan {
namespace {

using nlohmann::json;
using testing::SamplePlanView;

json Parse(const PlanView& plan) { return json::parse(RenderJson(plan)); }

const json& ItemById(const json& doc, const std::string& id) {
  for (const auto& s : doc.at("sections")) {
    for (const auto& i : s.at("items")) {
      if (i.at("id") == id) return i;
    }
  }
  FAIL("no item " << id);
  return doc;  // unreachable: FAIL throws
}

const json& FieldByPath(const json& item, const std::string& path) {
  for (const auto& f : item.at("fields")) {
    if (f.at("path") == path) return f;
  }
  FAIL("no field " << path);
  return item;
}

TEST_CASE("JsonParsesAndHasThePlanHeader") {
  json doc = Parse(SamplePlanView());
  CHECK(doc.at("format") == "mutual-plan");
  CHECK(doc.at("version") == 1);
  CHECK(doc.at("id") == "plan-sample");
  CHECK(doc.at("title") == "Rae, Jun & Kim");
  CHECK(doc.at("template") == "relational");
  REQUIRE(doc.at("members").size() == 4);
  CHECK(doc.at("members")[1].at("devices") == json({"jun-phone", "jun-tablet"}));
  CHECK(doc.at("members")[3].at("id") == "sam");
  CHECK(doc.at("members")[3].at("former") == true);
  REQUIRE(doc.at("sections").size() == 9);
  CHECK(doc.at("sections")[8].at("items").empty());
}

TEST_CASE("JsonItemsCarryIdKindSectionAboutModeAndState") {
  json doc = Parse(SamplePlanView());
  const json& acked = ItemById(doc, "i-acked");
  CHECK(acked.at("kind") == "hot-button");
  CHECK(acked.at("section") == "hot-buttons");
  CHECK(acked.at("about") == json({"rae"}));
  CHECK(acked.at("mode") == "own");
  CHECK(acked.at("state") == "acknowledged");
  CHECK(acked.at("acks") == json({"jun", "kim"}));
  CHECK(acked.at("review_by") == "2025-05-01");
  CHECK(acked.at("review_due") == true);
  const json& agreed = ItemById(doc, "i-agreed");
  CHECK(agreed.at("about") == "us");
  CHECK(agreed.at("state_text") == "agreed by all three");
  CHECK(agreed.at("author") == "sam");
  CHECK(agreed.at("author_former") == true);
  CHECK(agreed.at("created") == "2025-03-01T00:00:00.000Z");
  CHECK(agreed.at("edited").is_null());
  CHECK(ItemById(doc, "i-debrief").at("mode") == "mixed");
}

TEST_CASE("JsonStateNamesCoverEveryState") {
  json doc = Parse(SamplePlanView());
  std::set<std::string> states;
  for (const auto& s : doc.at("sections")) {
    for (const auto& i : s.at("items")) states.insert(i.at("state").get<std::string>());
  }
  CHECK(states == std::set<std::string>{"draft", "proposed", "agreed", "changed",
                                        "pending", "withdrawn", "revisit", "conflicted",
                                        "removal-proposed", "acknowledged"});
}

TEST_CASE("JsonConflictedScalarKeepsEveryValueWithWhoSetIt") {
  json doc = Parse(SamplePlanView());
  const json& from = FieldByPath(ItemById(doc, "i-conflict"), "from_time");
  CHECK(from.at("type") == "scalar");
  CHECK(from.at("conflicted") == true);
  CHECK(from.at("value").is_null());
  REQUIRE(from.at("values").size() == 2);
  CHECK(from.at("values")[0] ==
        json({{"value", "21:00"}, {"set_by", "rae"}, {"device", "rae-phone"}}));
  CHECK(from.at("values")[1] ==
        json({{"value", "22:00"}, {"set_by", "jun"}, {"device", "jun-tablet"}}));
  const json& phone = FieldByPath(ItemById(doc, "i-pending"), "phone");
  CHECK(phone.at("conflicted") == false);
  CHECK(phone.at("value") == "116 123");
  const json& unset = FieldByPath(ItemById(doc, "i-pending"), "contact_has_agreed");
  CHECK(unset.at("value").is_null());
  CHECK(unset.at("values").empty());
}

TEST_CASE("JsonHasLastAgreedAndStancesPerMember") {
  json doc = Parse(SamplePlanView());
  const json& changed = ItemById(doc, "i-changed");
  REQUIRE(changed.at("last_agreed").is_object());
  CHECK(changed.at("last_agreed").at("content_hash") == "ab12cd34");
  CHECK(FieldByPath(changed.at("last_agreed"), "we_will").at("text") ==
        "Talk within two hours.");
  CHECK(FieldByPath(changed, "we_will").at("text") == "Talk within three hours.");
  CHECK(FieldByPath(changed, "each_will.rae").at("text") == "Say my worry out loud.");
  const json& stances = changed.at("stances");
  REQUIRE(stances.size() == 3);
  CHECK(stances[0].at("member") == "rae");
  CHECK(stances[0].at("stance") == "endorsed-earlier");
  CHECK(stances[1].at("stance") == "endorsed-current");
  CHECK(ItemById(doc, "i-agreed").at("last_agreed").is_null());

  const json& withdrawn = ItemById(doc, "i-withdrawn").at("stances")[0];
  CHECK(withdrawn.at("stance") == "withdrawn");
  CHECK(withdrawn.at("reason") == "I said yes to end the argument.");
  const json& revisit = ItemById(doc, "i-revisit").at("stances")[1];
  CHECK(revisit.at("revisit") == true);
  CHECK(revisit.at("revisit_reason") == "What does 'own' cover?");
}

TEST_CASE("JsonHasSuggestionsRemovalAndResponses") {
  json doc = Parse(SamplePlanView());
  const json& sugg = ItemById(doc, "i-acked").at("suggestions");
  REQUIRE(sugg.size() == 1);
  CHECK(sugg[0] == json({{"id", "s1"},
                         {"by", "jun"},
                         {"field", "looks_like"},
                         {"text", "I walk out without saying where."},
                         {"status", "open"}}));
  const json& removal = ItemById(doc, "i-removal").at("removal");
  CHECK(removal.at("proposed_by") == "jun");
  CHECK(removal.at("reason") == "We've lost touch.");
  CHECK(removal.at("endorsed_by") == json({"jun"}));
  CHECK(ItemById(doc, "i-agreed").at("removal").is_null());
  const json& resp = ItemById(doc, "i-feedback").at("responses");
  REQUIRE(resp.size() == 1);
  CHECK(resp[0].at("from") == "rae");
  CHECK(resp[0].at("text") == "Saturday works.");
  CHECK(resp[0].at("at") == "2025-03-02T01:00:00.000Z");
}

TEST_CASE("JsonRoundTripsMarkupQuotesAndNewlines") {
  json doc = Parse(SamplePlanView());
  const json& item = ItemById(doc, "i-withdrawn");
  CHECK(FieldByPath(item, "text").at("text") ==
        "Keys stay with me <script>alert(1)</script> & \"why\"");
  CHECK(FieldByPath(item, "why").at("text") == "*Not* a [link](x)\nsecond line");
}

TEST_CASE("JsonQuoteEscapesControlCharacters") {
  CHECK(JsonQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(JsonQuote("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(JsonQuote(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(JsonQuote(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(JsonQuote("\x7f") == "\"\x7f\"");
}

TEST_CASE("JsonQuoteKeepsValidUtf8AndReplacesInvalidBytes") {
  CHECK(JsonQuote("Zoë 李 😀") == "\"Zoë 李 😀\"");
  CHECK(JsonQuote("a\xff"
                  "b") ==
        "\"a\xEF\xBF\xBD"
        "b\"");
  CHECK(JsonQuote("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong '/'
  CHECK(JsonQuote("\xED\xA0\x80") ==
        "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");               // surrogate
  CHECK(JsonQuote("\xE2\x82") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // truncated
}

TEST_CASE("JsonStaysParseableWithInvalidUtf8InAField") {
  PlanView plan = SamplePlanView();
  plan.sections[0].items[0].fields[0].text = "bad \xff\xfe bytes\x01";
  json doc = json::parse(RenderJson(plan));
  CHECK(FieldByPath(ItemById(doc, "i-agreed"), "text").at("text") ==
        "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes\x01");
}

TEST_CASE("JsonOutputIsDeterministic") {
  CHECK(RenderJson(SamplePlanView()) == RenderJson(SamplePlanView()));
}

}  // namespace
}  // namespace mutual::plan
