// The PGP word list (Juola and Zimmermann, 1995), compiled in: 256 "even"
// words (two syllables) and 256 "odd" words (three syllables), one of each
// per byte value. Pairing codes (pairing_code.h) are built from it.
//
// The table is data/pgp-wordlist.tsv turned into C++ once (see
// pgp_words.cpp); tests/crypto/pgp_words_test.cpp checks that the two still
// agree word for word. The 512 words are distinct, lower-case ASCII letters.
//
// Thread-safety: immutable data and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mutual::crypto {

// The even (two-syllable) and odd (three-syllable) word for byte `b`.
std::string_view PgpEvenWord(uint8_t b);
std::string_view PgpOddWord(uint8_t b);

// The byte whose even / odd word is exactly `word` (lower case), if any.
std::optional<uint8_t> PgpEvenWordByte(std::string_view word);
std::optional<uint8_t> PgpOddWordByte(std::string_view word);

}  // namespace mutual::crypto
