#include "cli/editor_form.h"

#include <catch2/catch.hpp>

namespace mutual::cli {
namespace {

const std::vector<std::string> kPaths = {"when", "we_will", "each_will.rae"};

Form SampleForm() {
  Form f;
  f.header = {"New agreement.", "", "Fields left empty are not set."};
  f.fields = {{"when", "When", "Money comes up late."},
              {"we_will", "We will", "Pause.\n\nTalk tomorrow."},
              {"each_will.rae", "Each will (Rae)", ""}};
  return f;
}

std::map<std::string, std::string> Parse(std::string_view text) {
  auto r = ParseForm(text, kPaths);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string ParseError(std::string_view text) {
  auto r = ParseForm(text, kPaths);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  return r.status().message();
}

TEST_CASE("RenderForm writes a comment header and one block per field", "[form]") {
  const std::string text = RenderForm(SampleForm());
  CHECK_THAT(text, Catch::StartsWith("# New agreement.\n#\n# Fields left empty"));
  CHECK_THAT(text, Catch::Contains("[when]  # When\nMoney comes up late.\n"));
  CHECK_THAT(text, Catch::Contains("[each_will.rae]  # Each will (Rae)\n"));
}

TEST_CASE("RenderForm then ParseForm gives back the values", "[form]") {
  const Form form = SampleForm();
  const auto parsed = Parse(RenderForm(form));
  REQUIRE(parsed.size() == 3);
  for (const auto& f : form.fields) CHECK(parsed.at(f.path) == f.value);
}

TEST_CASE("RenderForm keeps comments on one line", "[form]") {
  Form f;
  f.header = {"two\nlines"};
  f.fields = {{"when", "a\nb", ""}};
  const std::string text = RenderForm(f);
  CHECK_THAT(text, Catch::Contains("# two lines\n"));
  CHECK_THAT(text, Catch::Contains("[when]  # a b\n"));
  CHECK(Parse(text).at("when").empty());
}

TEST_CASE("ParseForm keeps multi-line text and trims blank edges", "[form]") {
  const auto parsed =
      Parse("# hi\n\n[when]\n\n  first\n# not a comment here\n\nlast  \n\n\n");
  CHECK(parsed.at("when") == "  first\n# not a comment here\n\nlast  ");
}

TEST_CASE("ParseForm accepts a comment after the block line", "[form]") {
  CHECK(Parse("[we_will]   # We will\nrest\n").at("we_will") == "rest");
}

TEST_CASE("ParseForm leaves out blocks the person deleted", "[form]") {
  const auto parsed = Parse("[when]\nnow\n");
  CHECK(parsed.size() == 1);
  CHECK(parsed.count("we_will") == 0);
}

TEST_CASE("ParseForm treats a bracketed line with text after it as text", "[form]") {
  CHECK(Parse("[when]\n[x] done\n").at("when") == "[x] done");
}

TEST_CASE("ParseForm rejects an unknown field path", "[form]") {
  const std::string msg = ParseError("[when]\nx\n[each_will.sam]\ny\n");
  CHECK_THAT(msg, Catch::Contains("line 3"));
  CHECK_THAT(msg, Catch::Contains("unknown field [each_will.sam]"));
  CHECK_THAT(msg, Catch::Contains("each_will.rae"));
}

TEST_CASE("ParseForm rejects a path given twice", "[form]") {
  CHECK_THAT(ParseError("[when]\na\n[when]\nb\n"), Catch::Contains("appears twice"));
  CHECK_THAT(ParseError("[when]\n[we_will]\n[when]\n"), Catch::Contains("line 3"));
}

TEST_CASE("ParseForm rejects text before the first block", "[form]") {
  const std::string msg = ParseError("# ok\nstray words\n[when]\nx\n");
  CHECK_THAT(msg, Catch::Contains("line 2"));
  CHECK_THAT(msg, Catch::Contains("before the first"));
}

TEST_CASE("ParseForm of a form with no blocks is empty", "[form]") {
  CHECK(Parse("# only comments\n\n").empty());
  CHECK(Parse("").empty());
}

TEST_CASE("NormalizeValue drops blank edge lines and the final newline", "[form]") {
  CHECK(NormalizeValue("\n \nabc\n\n") == "abc");
  CHECK(NormalizeValue("a\n\nb\n") == "a\n\nb");
  CHECK(NormalizeValue(" \t\n").empty());
}

TEST_CASE("ChangedFields keeps filled fields of a new item", "[form]") {
  Form add;
  add.fields = {{"when", "", ""}, {"we_will", "", ""}};
  const auto changed = ChangedFields(add, {{"when", "late"}, {"we_will", ""}});
  CHECK(changed == std::map<std::string, std::string>{{"when", "late"}});
}

TEST_CASE("ChangedFields keeps only edited fields of an item", "[form]") {
  const Form form = SampleForm();
  const auto parsed = Parse(RenderForm(form) + "");
  CHECK(ChangedFields(form, parsed).empty());
  auto edited = parsed;
  edited["we_will"] = "Pause.";
  edited["when"] = "";
  CHECK(ChangedFields(form, edited) ==
        std::map<std::string, std::string>{{"we_will", "Pause."}, {"when", ""}});
}

}  // namespace
}  // namespace mutual::cli
