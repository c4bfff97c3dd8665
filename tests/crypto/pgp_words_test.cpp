#include "libsync/crypto/pgp_words.h"

#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/data_files.h"

namespace mutual::crypto {
namespace {

struct TsvRow {
  int byte;
  std::string even, odd;
};

std::vector<TsvRow> ReadTsv() {
  auto text = mutual::testing::ReadDataFile("pgp-wordlist.tsv");
  REQUIRE(text.ok());
  std::vector<TsvRow> rows;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string hex;
    TsvRow row;
    REQUIRE(std::getline(fields, hex, '\t'));
    REQUIRE(std::getline(fields, row.even, '\t'));
    REQUIRE(std::getline(fields, row.odd, '\t'));
    row.byte = std::stoi(hex, nullptr, 16);
    rows.push_back(row);
  }
  return rows;
}

// The compiled-in table cannot drift from data/pgp-wordlist.tsv.
TEST_CASE("CompiledTableEqualsTheTsvFile") {
  std::vector<TsvRow> rows = ReadTsv();
  REQUIRE(rows.size() == 256);
  for (int i = 0; i < 256; ++i) {
    INFO("byte " << i);
    REQUIRE(rows[i].byte == i);
    REQUIRE(PgpEvenWord(static_cast<uint8_t>(i)) == rows[i].even);
    REQUIRE(PgpOddWord(static_cast<uint8_t>(i)) == rows[i].odd);
  }
}

TEST_CASE("KnownWordsSitInTheirColumns") {
  // Two-syllable "even" words, three-syllable "odd" words (PGP convention).
  REQUIRE(PgpEvenWord(0x00) == "aardvark");
  REQUIRE(PgpOddWord(0x00) == "adroitness");
  REQUIRE(PgpEvenWord(0x3b) == "clockwork");
  REQUIRE(PgpOddWord(0x3c) == "crossover");
  REQUIRE(PgpEvenWord(0xff) == "zulu");
  REQUIRE(PgpOddWord(0xff) == "yucatan");
}

TEST_CASE("EveryWordLooksUpToItsByteInItsOwnListOnly") {
  std::set<std::string_view> seen;
  for (int i = 0; i < 256; ++i) {
    auto b = static_cast<uint8_t>(i);
    REQUIRE(PgpEvenWordByte(PgpEvenWord(b)) == b);
    REQUIRE(PgpOddWordByte(PgpOddWord(b)) == b);
    REQUIRE_FALSE(PgpOddWordByte(PgpEvenWord(b)).has_value());
    REQUIRE_FALSE(PgpEvenWordByte(PgpOddWord(b)).has_value());
    seen.insert(PgpEvenWord(b));
    seen.insert(PgpOddWord(b));
  }
  REQUIRE(seen.size() == 512);
}

TEST_CASE("UnknownOrUpperCaseWordsAreNotFound") {
  REQUIRE_FALSE(PgpEvenWordByte("").has_value());
  REQUIRE_FALSE(PgpEvenWordByte("notaword").has_value());
  REQUIRE_FALSE(PgpEvenWordByte("Aardvark").has_value());  // callers lower-case first
  REQUIRE_FALSE(PgpOddWordByte("adroitnes").has_value());
}

}  // namespace
}  // namespace mutual::crypto
