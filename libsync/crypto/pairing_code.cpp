#include "libsync/crypto/pairing_code.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "libsync/crypto/pgp_words.h"

namespace mutual::crypto {
namespace {

// The longest real code is 3 + 1 + 11 + 1 + 11 = 27 characters.
constexpr size_t kMaxCodeChars = 64;
constexpr std::string_view kExpected =
    "expected CHANNEL-WORD-WORD, e.g. 7-crossover-clockwork";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string TrimAndLower(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The part in quotes when it is printable ASCII; never echoes control bytes
// back to a terminal.
std::string Quote(std::string_view part) {
  bool printable =
      std::all_of(part.begin(), part.end(), [](char c) { return c > ' ' && c < 0x7f; });
  return printable ? "'" + std::string(part) + "'"
                   : "(a part with unprintable characters)";
}

Status Invalid(const std::string& what) {
  return Status::InvalidArgument("pairing code " + what + "; " + std::string(kExpected));
}

std::vector<std::string_view> SplitOnDash(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

Result<uint16_t> ParseChannel(std::string_view part) {
  if (part.empty()) return Invalid("has no channel number");
  if (!std::all_of(part.begin(), part.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Invalid("channel " + Quote(part) + " is not a number");
  }
  if (part.size() > 1 && part[0] == '0') {
    return Invalid("channel " + Quote(part) + " has a leading zero");
  }
  if (part.size() > 3 || part == "0") {
    return Invalid("channel " + Quote(part) + " is out of range 1..999");
  }
  int value = 0;
  for (char c : part) value = value * 10 + (c - '0');
  return static_cast<uint16_t>(value);
}

// The byte of the word at `position` (1: odd list, 2: even list).
Result<uint8_t> ParseWord(std::string_view word, int position) {
  bool want_odd = position == 1;
  std::string which = want_odd ? "first" : "second";
  if (word.empty()) return Invalid("is missing its " + which + " word");
  std::optional<uint8_t> odd = PgpOddWordByte(word);
  std::optional<uint8_t> even = PgpEvenWordByte(word);
  if (want_odd && odd) return *odd;
  if (!want_odd && even) return *even;
  if (odd || even) {
    return Invalid("word " + Quote(word) + " is in the wrong place: the " + which +
                   " word must be " +
                   (want_odd ? "an odd (three-syllable)" : "an even (two-syllable)") +
                   " word; are the words swapped?");
  }
  return Invalid(which + " word " + Quote(word) + " is not in the PGP word list");
}

}  // namespace

std::string PairingCode::Text() const { return std::to_string(channel) + "-" + Words(); }

std::string PairingCode::Words() const {
  return std::string(PgpOddWord(odd_byte)) + "-" + std::string(PgpEvenWord(even_byte));
}

Bytes PairingCode::Prs() const { return ToBytes(Words()); }

Result<PairingCode> NewPairingCode(int channel, std::span<const uint8_t, 2> random) {
  if (channel < kMinPairingChannel || channel > kMaxPairingChannel) {
    return Status::InvalidArgument("pairing channel " + std::to_string(channel) +
                                   " is out of range 1..999");
  }
  return PairingCode{static_cast<uint16_t>(channel), random[0], random[1]};
}

Result<PairingCode> ParsePairingCode(std::string_view text) {
  std::string code = TrimAndLower(text);
  if (code.empty()) return Invalid("is empty");
  if (code.size() > kMaxCodeChars) {
    return Invalid("is too long (" + std::to_string(code.size()) + " characters)");
  }
  if (std::any_of(code.begin(), code.end(), IsSpace)) {
    return Invalid("contains spaces; separate its parts with '-'");
  }
  std::vector<std::string_view> parts = SplitOnDash(code);
  if (parts.size() != 3) {
    return Invalid("has " + std::to_string(parts.size()) +
                   " parts separated by '-', not 3");
  }
  MUTUAL_ASSIGN_OR_RETURN(uint16_t channel, ParseChannel(parts[0]));
  MUTUAL_ASSIGN_OR_RETURN(uint8_t odd_byte, ParseWord(parts[1], 1));
  MUTUAL_ASSIGN_OR_RETURN(uint8_t even_byte, ParseWord(parts[2], 2));
  return PairingCode{channel, odd_byte, even_byte};
}

}  // namespace mutual::crypto
