#include "libsync/crypto/pairing_code.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>

#include "libsync/crypto/pgp_words.h"

namespace mutual::crypto {
namespace {

PairingCode MustParse(std::string_view text) {
  auto code = ParsePairingCode(text);
  INFO(code.status().ToString());
  REQUIRE(code.ok());
  return *code;
}

// The message of the InvalidArgument that `text` must fail with.
std::string ParseError(std::string_view text) {
  auto code = ParsePairingCode(text);
  REQUIRE(code.status().IsInvalidArgument());
  return code.status().message();
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("NewCodeTakesOddWordThenEvenWord") {
  std::array<uint8_t, 2> random{0x3c, 0x3b};
  auto code = NewPairingCode(7, random);
  REQUIRE(code.ok());
  REQUIRE(code->Text() == "7-crossover-clockwork");
  REQUIRE(code->Words() == "crossover-clockwork");
  REQUIRE(code->channel == 7);
}

TEST_CASE("PrsIsTheLowerCaseWordsInAscii") {
  PairingCode code = MustParse("7-crossover-clockwork");
  std::string words = "crossover-clockwork";
  REQUIRE(code.Prs() == Bytes(words.begin(), words.end()));
  // The channel is public and not part of the password.
  REQUIRE(MustParse("8-crossover-clockwork").Prs() == code.Prs());
}

TEST_CASE("NewCodeRejectsChannelsOutOfRange") {
  std::array<uint8_t, 2> random{0, 0};
  REQUIRE(NewPairingCode(0, random).status().IsInvalidArgument());
  REQUIRE(NewPairingCode(1000, random).status().IsInvalidArgument());
  REQUIRE(NewPairingCode(-1, random).status().IsInvalidArgument());
  REQUIRE(NewPairingCode(1, random).ok());
  REQUIRE(NewPairingCode(999, random).ok());
}

TEST_CASE("ParseReadsTheDesignExample") {
  PairingCode code = MustParse("7-crossover-clockwork");
  REQUIRE(code.channel == 7);
  REQUIRE(code.odd_byte == 0x3c);
  REQUIRE(code.even_byte == 0x3b);
}

TEST_CASE("ParseIgnoresCaseAndSurroundingWhitespace") {
  PairingCode want = MustParse("7-crossover-clockwork");
  REQUIRE(MustParse("7-CrossOver-CLOCKWORK") == want);
  REQUIRE(MustParse("  7-crossover-clockwork\n") == want);
  REQUIRE(MustParse("\t7-crossover-clockwork \r\n") == want);
}

TEST_CASE("EveryWordRoundTripsThroughTextAndParse") {
  for (int i = 0; i < 256; ++i) {
    std::array<uint8_t, 2> random{static_cast<uint8_t>(i), static_cast<uint8_t>(255 - i)};
    auto code = NewPairingCode(1 + i, random);
    REQUIRE(code.ok());
    REQUIRE(MustParse(code->Text()) == *code);
  }
}

TEST_CASE("ChannelBoundsAndFormAreChecked") {
  REQUIRE(MustParse("1-crossover-clockwork").channel == 1);
  REQUIRE(MustParse("999-crossover-clockwork").channel == 999);
  REQUIRE(Contains(ParseError("0-crossover-clockwork"), "out of range 1..999"));
  REQUIRE(Contains(ParseError("1000-crossover-clockwork"), "out of range 1..999"));
  REQUIRE(
      Contains(ParseError("99999999999999999999-crossover-clockwork"), "out of range"));
  REQUIRE(Contains(ParseError("07-crossover-clockwork"), "leading zero"));
  REQUIRE(Contains(ParseError("x7-crossover-clockwork"), "not a number"));
  REQUIRE(Contains(ParseError("+7-crossover-clockwork"), "not a number"));
}

TEST_CASE("MissingPartsAreReported") {
  REQUIRE(Contains(ParseError(""), "is empty"));
  REQUIRE(Contains(ParseError("   "), "is empty"));
  REQUIRE(Contains(ParseError("7-crossover"), "2 parts"));
  REQUIRE(Contains(ParseError("7"), "1 parts"));
  REQUIRE(Contains(ParseError("7-crossover-clockwork-cobra"), "4 parts"));
  REQUIRE(Contains(ParseError("-crossover-clockwork"), "no channel"));
  REQUIRE(Contains(ParseError("7--clockwork"), "missing its first word"));
  REQUIRE(Contains(ParseError("7-crossover-"), "missing its second word"));
  REQUIRE(Contains(ParseError("7 crossover clockwork"), "contains spaces"));
}

TEST_CASE("UnknownWordsAreReported") {
  std::string first = ParseError("7-crossovr-clockwork");
  REQUIRE(Contains(first, "first word 'crossovr' is not in the PGP word list"));
  std::string second = ParseError("7-crossover-clockwrk");
  REQUIRE(Contains(second, "second word 'clockwrk' is not in the PGP word list"));
}

TEST_CASE("WordsFromTheWrongListAreReportedAsMisplaced") {
  std::string swapped = ParseError("7-clockwork-crossover");
  REQUIRE(Contains(swapped, "'clockwork' is in the wrong place"));
  REQUIRE(Contains(swapped, "odd (three-syllable)"));
  std::string two_odd = ParseError("7-crossover-adroitness");
  REQUIRE(Contains(two_odd, "'adroitness' is in the wrong place"));
  REQUIRE(Contains(two_odd, "even (two-syllable)"));
}

TEST_CASE("OverlongOrUnprintableInputIsRejectedWithoutEcho") {
  REQUIRE(Contains(ParseError(std::string(100, 'a')), "too long"));
  std::string bell = ParseError("7-cross\aover-clockwork");
  REQUIRE(Contains(bell, "unprintable"));
  REQUIRE_FALSE(Contains(bell, "\a"));
  REQUIRE(ParsePairingCode(std::string_view("7-crossover-clockwork\0", 22))
              .status()
              .IsInvalidArgument());
}

TEST_CASE("EveryErrorShowsTheExpectedFormat") {
  for (std::string_view bad :
       {"", "7", "0-a-b", "7-a-clockwork", "7-clockwork-clockwork"}) {
    REQUIRE(Contains(ParseError(bad), "e.g. 7-crossover-clockwork"));
  }
}

}  // namespace
}  // namespace mutual::crypto
