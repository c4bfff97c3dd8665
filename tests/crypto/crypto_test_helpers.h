// Small helpers shared by the crypto tests.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <string_view>

#include "libsync/crypto/sodium.h"
#include "libsync/util/bytes.h"

namespace mutual::crypto::testing {

// Every test case starts here: the crypto layer assumes libsodium is ready.
inline void RequireSodium() { REQUIRE(InitSodium().ok()); }

template <size_t N>
FixedBytes<N> FixedFromHex(std::string_view hex) {
  auto bytes = FromHex(hex);
  REQUIRE(bytes.ok());
  REQUIRE(bytes->size() == N);
  FixedBytes<N> out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

inline Bytes BytesFromHex(std::string_view hex) {
  auto bytes = FromHex(hex);
  REQUIRE(bytes.ok());
  return *bytes;
}

}  // namespace mutual::crypto::testing
