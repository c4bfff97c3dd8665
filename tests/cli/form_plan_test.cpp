#include "cli/form_plan.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace mutual::cli {
namespace {

using nlohmann::json;

json Field(const std::string& path, const std::string& text) {
  return {{"path", path}, {"type", "text"}, {"text", text}};
}

std::string SamplePlan() {
  json conflicted = {{"path", "from_time"},
                     {"type", "scalar"},
                     {"conflicted", true},
                     {"value", nullptr},
                     {"values",
                      {{{"value", "21:00"}, {"set_by", "rae"}},
                       {{"value", "22:00"}, {"set_by", "jun"}}}}};
  json r5 = {{"id", "r5"},
             {"kind", "agreement"},
             {"fields",
              {Field("when", "Money comes up late."), conflicted,
               Field("we_will", "Pause."), Field("each_will.rae", "Text Jun."),
               Field("each_will.jun", ""), Field("ends_when", "")}}};
  json r52 = {{"id", "r52"}, {"kind", "note"}, {"fields", {Field("text", "hello")}}};
  json plan = {
      {"format", "mutual-plan"},
      {"version", 1},
      {"id", "p1"},
      {"title", "Rae & Jun"},
      {"members",
       {{{"id", "rae"}, {"name", "Rae"}, {"former", false}},
        {{"id", "jun"}, {"name", "Jun"}, {"former", false}},
        {{"id", "mo"}, {"name", "Mo"}, {"former", true}}}},
      {"sections",
       {{{"id", "at-the-edge"},
         {"title", "At the edge"},
         {"default_kind", "agreement"},
         {"items", {r5, r52}}},
        {{"id", "hot-buttons"}, {"title", "Hot buttons"}, {"items", json::array()}},
        {{"id", "care"}, {"title", "Care"}, {"items", json::array()}}}}};
  return plan.dump();
}

std::vector<std::string> Paths(const Form& f) { return FormPaths(f); }

TEST_CASE("AddFormFromPlan uses the section's default kind and current members",
          "[form_plan]") {
  auto r = AddFormFromPlan(SamplePlan(), "at-the-edge", "");
  REQUIRE(r.ok());
  CHECK(r->kind == "agreement");
  CHECK(Paths(r->form) == std::vector<std::string>{"when", "from_time", "we_will",
                                                   "each_will.rae", "each_will.jun",
                                                   "ends_when"});
  CHECK(r->form.fields[3].label == "Each will (Rae)");
  for (const auto& f : r->form.fields) CHECK(f.value.empty());
  CHECK_FALSE(r->form.header.empty());
}

TEST_CASE("AddFormFromPlan falls back to the standard and custom defaults",
          "[form_plan]") {
  auto standard = AddFormFromPlan(SamplePlan(), "hot-buttons", "");
  REQUIRE(standard.ok());
  CHECK(standard->kind == "hot-button");
  CHECK(Paths(standard->form).front() == "sets_it_off");
  auto custom = AddFormFromPlan(SamplePlan(), "care", "");
  REQUIRE(custom.ok());
  CHECK(custom->kind == "note");
  CHECK(Paths(custom->form) == std::vector<std::string>{"text"});
}

TEST_CASE("AddFormFromPlan follows --kind", "[form_plan]") {
  auto r = AddFormFromPlan(SamplePlan(), "care", "contact");
  REQUIRE(r.ok());
  CHECK(r->kind == "contact");
  CHECK(Paths(r->form).size() == 5);
}

TEST_CASE("AddFormFromPlan reports an unknown section or kind", "[form_plan]") {
  auto missing = AddFormFromPlan(SamplePlan(), "nowhere", "");
  REQUIRE(missing.status().IsNotFound());
  CHECK_THAT(missing.status().message(), Catch::Contains("at-the-edge"));
  CHECK(AddFormFromPlan(SamplePlan(), "care", "poem").status().IsInvalidArgument());
}

TEST_CASE("AddFormFromPlan refuses JSON that is not a plan", "[form_plan]") {
  CHECK(AddFormFromPlan("{not json", "care", "").status().IsCorruption());
  CHECK(AddFormFromPlan(R"({"format":"other"})", "care", "").status().IsCorruption());
  CHECK(AddFormFromPlan(R"({"format":"mutual-plan","sections":7})", "care", "")
            .status()
            .IsNotFound());
}

TEST_CASE("EditFormFromPlan prefills the item's current fields", "[form_plan]") {
  auto r = EditFormFromPlan(SamplePlan(), "r5");
  REQUIRE(r.ok());
  CHECK(r->item == "r5");
  CHECK(r->kind == "agreement");
  REQUIRE(r->form.fields.size() == 6);
  CHECK(r->form.fields[0].value == "Money comes up late.");
  CHECK(r->form.fields[0].label == "When");
  CHECK(r->form.fields[3].value == "Text Jun.");
}

TEST_CASE("EditFormFromPlan leaves a conflicted scalar empty and names its values",
          "[form_plan]") {
  auto r = EditFormFromPlan(SamplePlan(), "r5");
  REQUIRE(r.ok());
  const FormField& from = r->form.fields[1];
  CHECK(from.path == "from_time");
  CHECK(from.value.empty());
  CHECK_THAT(from.label, Catch::Contains("21:00 / 22:00"));
}

TEST_CASE("EditFormFromPlan resolves a unique prefix and refuses an ambiguous one",
          "[form_plan]") {
  auto unique = EditFormFromPlan(SamplePlan(), "r52");
  REQUIRE(unique.ok());
  CHECK(unique->kind == "note");
  auto ambiguous = EditFormFromPlan(SamplePlan(), "r");
  REQUIRE(ambiguous.status().IsInvalidArgument());
  CHECK_THAT(ambiguous.status().message(), Catch::Contains("r5, r52"));
  CHECK(EditFormFromPlan(SamplePlan(), "zz").status().IsNotFound());
}

}  // namespace
}  // namespace mutual::cli
