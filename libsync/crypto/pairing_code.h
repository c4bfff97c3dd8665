// Pairing codes (DESIGN.md §5, doc/pairing.md): `<channel>-<odd word>-<even
// word>`, e.g. `7-crossover-clockwork`, magic-wormhole style.
//   channel : 1..999 in decimal, no leading zero. Public: it is sent in clear
//             (Noise message 1, LAN beacons) to find the right invite.
//   words   : the PGP word list's odd (three-syllable) word for one random
//             byte, then its even (two-syllable) word for another. Counting
//             the words from 1, the first sits at an odd position and the
//             second at an even one, so a swapped or dropped word shows up
//             as a word from the wrong list. 16 secret bits: CPace gives an
//             attacker one guess per code, and a code dies after one run.
//   PRS     : the CPace password is the canonical words part only, in ASCII:
//             "<odd word>-<even word>", lower case, e.g. "crossover-clockwork"
//             (the channel is public, so it adds nothing secret).
// ParsePairingCode accepts any letter case and surrounding whitespace and is
// strict about everything else.
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "libsync/util/bytes.h"
#include "libsync/util/status.h"

namespace mutual::crypto {

inline constexpr int kMinPairingChannel = 1;
inline constexpr int kMaxPairingChannel = 999;

struct PairingCode {
  uint16_t channel = 0;
  uint8_t odd_byte = 0;   // first word = PgpOddWord(odd_byte)
  uint8_t even_byte = 0;  // second word = PgpEvenWord(even_byte)

  // "7-crossover-clockwork".
  std::string Text() const;
  // "crossover-clockwork".
  std::string Words() const;
  // The CPace PRS: the bytes of Words().
  Bytes Prs() const;

  bool operator==(const PairingCode&) const = default;
};

// The code for `channel` whose words are picked by `random` (odd word from
// random[0], even word from random[1]); pass 2 bytes from a CSPRNG. Fails
// with InvalidArgument when the channel is outside 1..999.
Result<PairingCode> NewPairingCode(int channel, std::span<const uint8_t, 2> random);

// Parses a code as typed by a person. Fails with InvalidArgument, with a
// message that says what is wrong (missing part, channel not a number or out
// of range, a word not in the list, or a word from the wrong list).
Result<PairingCode> ParsePairingCode(std::string_view text);

}  // namespace mutual::crypto
