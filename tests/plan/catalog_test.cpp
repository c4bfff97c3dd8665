#include "libsync/plan/catalog.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

namespace mutual::plan {
namespace {

std::vector<std::string> SectionIds(const TemplateSpec& t) {
  std::vector<std::string> ids;
  for (const auto& s : t.sections) ids.push_back(s.id);
  return ids;
}

std::vector<std::string> FieldPatterns(const KindSpec& k) {
  std::vector<std::string> out;
  for (const auto& f : k.fields) out.push_back(f.Pattern());
  return out;
}

const std::vector<std::string> kMembers = {"alex", "sam"};

TEST_CASE("EveryKindOfTheDomainTableIsFoundWithItsMode") {
  const std::vector<std::pair<std::string, ConsentMode>> expected = {
      {"note", ConsentMode::kAgree},
      {"pattern", ConsentMode::kAgree},
      {"hot-button", ConsentMode::kOwn},
      {"bottom-line", ConsentMode::kAgree},
      {"reaction", ConsentMode::kOwn},
      {"early-sign", ConsentMode::kOwn},
      {"helps", ConsentMode::kAgree},
      {"doesnt-help", ConsentMode::kAgree},
      {"agreement", ConsentMode::kAgree},
      {"contact", ConsentMode::kAgree},
      {"feedback", ConsentMode::kOwn},
      {"debrief", ConsentMode::kMixed},
      {"coping", ConsentMode::kOwn},
      {"distraction", ConsentMode::kOwn},
      {"safer-surroundings", ConsentMode::kAgree},
      {"pad-reference", ConsentMode::kOwn},
  };
  REQUIRE(AllKinds().size() == expected.size());
  for (const auto& [id, mode] : expected) {
    const KindSpec* k = FindKind(id);
    REQUIRE(k != nullptr);
    CHECK(k->id == id);
    CHECK(k->mode == mode);
    CHECK_FALSE(k->title.empty());
  }
  CHECK(FindKind("diagnosis") == nullptr);
  CHECK(FindKind("") == nullptr);
}

TEST_CASE("KindFieldsMatchTheDomainTable") {
  CHECK(FieldPatterns(*FindKind("hot-button")) ==
        std::vector<std::string>{"sets_it_off", "looks_like", "helps_in_moment"});
  CHECK(FieldPatterns(*FindKind("agreement")) ==
        std::vector<std::string>{"when", "from_time", "we_will", "each_will.MEMBER",
                                 "ends_when"});
  CHECK(FieldPatterns(*FindKind("contact")) ==
        std::vector<std::string>{"name", "role", "phone", "when_to_call",
                                 "contact_has_agreed"});
  CHECK(FieldPatterns(*FindKind("debrief")) ==
        std::vector<std::string>{"happened", "per_member.MEMBER.felt",
                                 "per_member.MEMBER.rebuilds_trust", "we_change"});
  CHECK(FieldPatterns(*FindKind("pad-reference")) ==
        std::vector<std::string>{"where_kept", "agent"});
}

TEST_CASE("ShortFieldsAreScalarsAndTheRestText") {
  const std::set<std::pair<std::string, std::string>> scalars = {
      {"agreement", "from_time"},
      {"contact", "phone"},
      {"contact", "contact_has_agreed"},
      {"contact", "role"},
      {"early-sign", "noticed_by"},
      {"feedback", "from"},
      {"feedback", "to"}};
  size_t seen = 0;
  for (const auto& k : AllKinds()) {
    for (const auto& f : k.fields) {
      const bool scalar = scalars.count({k.id, f.name}) > 0;
      CHECK((f.type == FieldType::kScalar) == scalar);
      if (scalar) ++seen;
    }
  }
  CHECK(seen == scalars.size());
}

TEST_CASE("DebriefPerMemberPartsAreOwnAndOutsideTheContentHash") {
  for (const auto& f : FindKind("debrief")->fields) {
    const bool own = f.name == "per_member";
    CHECK(f.own_part == own);
    CHECK(f.in_content_hash == !own);
    CHECK(f.per_member == own);
  }
  // Everywhere else every field is hashed and nothing is an own part.
  for (const auto& k : AllKinds()) {
    if (k.id == "debrief") continue;
    for (const auto& f : k.fields) {
      CHECK(f.in_content_hash);
      CHECK_FALSE(f.own_part);
    }
  }
}

TEST_CASE("OnlyFeedbackTakesResponses") {
  for (const auto& k : AllKinds()) CHECK(k.has_responses == (k.id == "feedback"));
}

TEST_CASE("BlankTemplateHasNoSections") {
  const TemplateSpec* t = FindTemplate("blank");
  REQUIRE(t != nullptr);
  CHECK(t->sections.empty());
}

TEST_CASE("RelationalTemplateHasTheTwelveSectionsInOrder") {
  const TemplateSpec* t = FindTemplate("relational");
  REQUIRE(t != nullptr);
  CHECK(SectionIds(*t) == std::vector<std::string>{
                              "safety-meaning", "patterns", "hot-buttons", "bottom-lines",
                              "reactions", "early-signs", "helps", "at-the-edge",
                              "contacts", "power", "feedback", "debriefs"});
  for (const auto& s : t->sections) {
    CHECK(FindKind(s.default_kind) != nullptr);
    CHECK(SectionAllowsKind(s, s.default_kind));
    CHECK_FALSE(s.title.empty());
  }
}

TEST_CASE("SafetyStepsTemplateAddsTheSafetyPlanningSections") {
  const TemplateSpec* t = FindTemplate("relational+safety-steps");
  REQUIRE(t != nullptr);
  std::vector<std::string> ids = SectionIds(*t);
  std::vector<std::string> expected = SectionIds(*FindTemplate("relational"));
  for (const char* extra : {"coping-alone", "distraction", "ask-for-help",
                            "professionals", "safer-surroundings"}) {
    expected.emplace_back(extra);
  }
  CHECK(ids == expected);
  std::map<std::string, std::string> defaults;
  for (const auto& s : t->sections) defaults[s.id] = s.default_kind;
  CHECK(defaults["coping-alone"] == "coping");
  CHECK(defaults["distraction"] == "distraction");
  CHECK(defaults["ask-for-help"] == "contact");
  CHECK(defaults["professionals"] == "contact");
  CHECK(defaults["safer-surroundings"] == "safer-surroundings");
}

TEST_CASE("SectionsAllowOnlyTheirKinds") {
  const SectionSpec* helps = FindStandardSection("helps");
  REQUIRE(helps != nullptr);
  CHECK(SectionAllowsKind(*helps, "helps"));
  CHECK(SectionAllowsKind(*helps, "doesnt-help"));
  CHECK_FALSE(SectionAllowsKind(*helps, "contact"));
  const SectionSpec* pros = FindStandardSection("professionals");
  REQUIRE(pros != nullptr);
  CHECK(SectionAllowsKind(*pros, "pad-reference"));
  CHECK(SectionAllowsKind(*pros, "contact"));
  CHECK_FALSE(SectionAllowsKind(*FindStandardSection("hot-buttons"), "pad-reference"));
}

TEST_CASE("PadReferenceIsAllowedOnlyInTheSafetyStepsTemplate") {
  auto allows = [](const TemplateSpec& t) {
    return std::any_of(t.sections.begin(), t.sections.end(), [](const SectionSpec& s) {
      return SectionAllowsKind(s, "pad-reference");
    });
  };
  CHECK(allows(*FindTemplate("relational+safety-steps")));
  CHECK_FALSE(allows(*FindTemplate("relational")));
}

TEST_CASE("CustomSectionsTakeAnyKnownKindAndDefaultToNote") {
  SectionSpec s = CustomSection("holidays", "Holidays");
  CHECK(s.default_kind == "note");
  CHECK(SectionAllowsKind(s, "agreement"));
  CHECK(SectionAllowsKind(s, "debrief"));
  CHECK_FALSE(SectionAllowsKind(s, "no-such-kind"));
  CHECK(FindStandardSection("holidays") == nullptr);
}

TEST_CASE("FindStandardSectionKnowsEverySectionOfEveryTemplate") {
  for (const auto& t : AllTemplates()) {
    for (const auto& s : t.sections) {
      const SectionSpec* found = FindStandardSection(s.id);
      REQUIRE(found != nullptr);
      CHECK(found->default_kind == s.default_kind);
    }
  }
  CHECK(FindTemplate("wrap") == nullptr);
}

TEST_CASE("ModeNamesAreTheDocumentedSpellings") {
  CHECK(ModeName(ConsentMode::kAgree) == "agree");
  CHECK(ModeName(ConsentMode::kOwn) == "own");
  CHECK(ModeName(ConsentMode::kMixed) == "mixed");
  CHECK(FieldTypeName(FieldType::kText) == "text");
  CHECK(FieldTypeName(FieldType::kScalar) == "scalar");
}

TEST_CASE("OwnKindAboutUsIsAgreeModeAndDebriefStaysMixed") {
  CHECK(EffectiveMode(*FindKind("hot-button"), /*about_us=*/true) == ConsentMode::kAgree);
  CHECK(EffectiveMode(*FindKind("hot-button"), false) == ConsentMode::kOwn);
  CHECK(EffectiveMode(*FindKind("debrief"), true) == ConsentMode::kMixed);
  CHECK(EffectiveMode(*FindKind("debrief"), false) == ConsentMode::kMixed);
  CHECK(EffectiveMode(*FindKind("bottom-line"), false) == ConsentMode::kAgree);
  CHECK_FALSE(DefaultAboutUs(*FindKind("reaction")));
  CHECK(DefaultAboutUs(*FindKind("pattern")));
  CHECK(DefaultAboutUs(*FindKind("debrief")));
}

TEST_CASE("ParseFieldPathAcceptsPlainFields") {
  Result<FieldPath> p = ParseFieldPath(*FindKind("agreement"), "from_time", kMembers);
  REQUIRE(p.ok());
  CHECK(p->spec.name == "from_time");
  CHECK(p->spec.type == FieldType::kScalar);
  CHECK(p->member.empty());
  CHECK(p->ToString() == "from_time");

  Result<FieldPath> w = ParseFieldPath(*FindKind("agreement"), "we_will", kMembers);
  REQUIRE(w.ok());
  CHECK(w->spec.type == FieldType::kText);
}

TEST_CASE("ParseFieldPathAcceptsEachWillOfACurrentMember") {
  Result<FieldPath> p =
      ParseFieldPath(*FindKind("agreement"), "each_will.alex", kMembers);
  REQUIRE(p.ok());
  CHECK(p->spec.name == "each_will");
  CHECK(p->member == "alex");
  CHECK(p->spec.type == FieldType::kText);
  CHECK(p->spec.in_content_hash);
  CHECK(p->ToString() == "each_will.alex");
}

TEST_CASE("ParseFieldPathRejectsEachWillOfANonMember") {
  Result<FieldPath> p = ParseFieldPath(*FindKind("agreement"), "each_will.kim", kMembers);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().IsInvalidArgument());
  CHECK_THAT(p.status().message(), Catch::Contains("'kim' is not a current member"));
  CHECK_THAT(p.status().message(), Catch::Contains("alex, sam"));
}

TEST_CASE("ParseFieldPathRejectsAnUnknownFieldNamingTheValidOnes") {
  Result<FieldPath> p = ParseFieldPath(*FindKind("bottom-line"), "reason", kMembers);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().IsInvalidArgument());
  CHECK_THAT(p.status().message(), Catch::Contains("bottom-line has no field 'reason'"));
  CHECK_THAT(p.status().message(), Catch::Contains("valid fields: text, why"));
}

TEST_CASE("ParseFieldPathRejectsMalformedPaths") {
  const KindSpec& agreement = *FindKind("agreement");
  for (const char* bad : {"", ".", "when.", "each_will", "each_will.alex.extra",
                          "when.alex", "each_will..alex"}) {
    Result<FieldPath> p = ParseFieldPath(agreement, bad, kMembers);
    CHECK_FALSE(p.ok());
    if (!p.ok()) CHECK(p.status().IsInvalidArgument());
  }
}

TEST_CASE("ParseFieldPathHandlesDebriefOwnParts") {
  const KindSpec& debrief = *FindKind("debrief");
  Result<FieldPath> felt = ParseFieldPath(debrief, "per_member.sam.felt", kMembers);
  REQUIRE(felt.ok());
  CHECK(felt->spec.own_part);
  CHECK_FALSE(felt->spec.in_content_hash);
  CHECK(felt->member == "sam");
  CHECK(felt->ToString() == "per_member.sam.felt");

  Result<FieldPath> trust =
      ParseFieldPath(debrief, "per_member.alex.rebuilds_trust", kMembers);
  REQUIRE(trust.ok());
  CHECK(trust->spec.member_subfield == "rebuilds_trust");

  Result<FieldPath> bad = ParseFieldPath(debrief, "per_member.sam.mood", kMembers);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("per_member.MEMBER.felt"));

  Result<FieldPath> shared = ParseFieldPath(debrief, "we_change", kMembers);
  REQUIRE(shared.ok());
  CHECK(shared->spec.in_content_hash);
  CHECK_FALSE(shared->spec.own_part);
}

TEST_CASE("ExpandFieldsListsPerMemberFieldsForEachMember") {
  std::vector<std::string> paths;
  for (const auto& p : ExpandFields(*FindKind("debrief"), kMembers))
    paths.push_back(p.ToString());
  CHECK(paths == std::vector<std::string>{"happened", "per_member.alex.felt",
                                          "per_member.sam.felt",
                                          "per_member.alex.rebuilds_trust",
                                          "per_member.sam.rebuilds_trust", "we_change"});
  // Every expanded path parses back to itself.
  for (const auto& k : AllKinds()) {
    for (const auto& p : ExpandFields(k, kMembers)) {
      Result<FieldPath> again = ParseFieldPath(k, p.ToString(), kMembers);
      REQUIRE(again.ok());
      CHECK(*again == p);
    }
  }
}

TEST_CASE("MemberSlugIsShortLowercaseAndUnique") {
  CHECK(MemberSlug("Alex", {}) == "alex");
  CHECK(MemberSlug("Mary Jane O'Neil", {}) == "mary-jane-o-neil");
  CHECK(MemberSlug("  Dana  ", {}) == "dana");
  CHECK(MemberSlug("Zoë", {}) == "zo");
  CHECK(MemberSlug("李", {}) == "member");
  CHECK(MemberSlug("Alexandria Wolfgang-Smith", {}).size() <= 16);
  CHECK(MemberSlug("Alexandria Wolfgang-Smith", {}).back() != '-');
  CHECK(MemberSlug("Alex", {"alex"}) == "alex-2");
  CHECK(MemberSlug("alex", {"alex", "alex-2"}) == "alex-3");
}

TEST_CASE("MemberSlugNeverCollidesWithAboutWords") {
  CHECK(MemberSlug("Us", {}) == "us-2");
  CHECK(MemberSlug("ME", {}) == "me-2");
}

TEST_CASE("MemberSlugsOfManySameNamesAreAllDistinct") {
  std::vector<std::string> taken;
  for (int i = 0; i < 20; ++i) taken.push_back(MemberSlug("Sam", taken));
  std::set<std::string> unique(taken.begin(), taken.end());
  CHECK(unique.size() == taken.size());
  CHECK(taken.front() == "sam");
  CHECK(taken.back() == "sam-20");
}

}  // namespace
}  // namespace mutual::plan
