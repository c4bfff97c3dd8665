// The CPace ristretto255/SHA-512 test vectors of draft-irtf-cfrg-cpace
// (Appendix B.3), as checked in at data/cpace-ristretto255-vectors.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "libsync/crypto/cpace.h"
#include "tests/crypto/crypto_test_helpers.h"
#include "tests/support/data_files.h"

namespace mutual::crypto::testing {

struct CPaceVectors {
  Bytes prs, ci, sid, ada, adb;
  CPacePoint generator, ya_point, yb_point, k;
  CPaceScalar ya, yb;
  CPaceIsk isk;
};

// A field is hex, or ASCII when the file marks it "<text> (ASCII)".
inline Bytes VectorField(const nlohmann::json& j, const char* key) {
  REQUIRE(j.contains(key));
  std::string s = j.at(key).get<std::string>();
  constexpr std::string_view kAscii = " (ASCII)";
  if (s.size() > kAscii.size() &&
      s.compare(s.size() - kAscii.size(), kAscii.size(), kAscii) == 0) {
    return ToBytes(std::string_view(s).substr(0, s.size() - kAscii.size()));
  }
  return BytesFromHex(s);
}

template <size_t N>
FixedBytes<N> VectorFixed(const nlohmann::json& j, const char* key) {
  Bytes b = VectorField(j, key);
  REQUIRE(b.size() == N);
  FixedBytes<N> out;
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

inline CPaceVectors LoadCPaceVectors() {
  auto text = mutual::testing::ReadDataFile("cpace-ristretto255-vectors.json");
  REQUIRE(text.ok());
  nlohmann::json j = nlohmann::json::parse(*text);
  CPaceVectors v;
  v.prs = VectorField(j, "PRS");
  v.ci = VectorField(j, "CI");
  v.sid = VectorField(j, "sid");
  v.ada = VectorField(j, "ADa");
  v.adb = VectorField(j, "ADb");
  v.generator = VectorFixed<32>(j, "generator");
  v.ya = VectorFixed<32>(j, "ya");
  v.yb = VectorFixed<32>(j, "yb");
  v.ya_point = VectorFixed<32>(j, "Ya");
  v.yb_point = VectorFixed<32>(j, "Yb");
  v.k = VectorFixed<32>(j, "K");
  v.isk = VectorFixed<64>(j, "ISK_IR");
  // The file's own statement of the formulas this code implements.
  REQUIRE(VectorField(j, "DSI") == ToBytes("CPaceRistretto255"));
  REQUIRE(VectorField(j, "DSI_ISK") == ToBytes("CPaceRistretto255_ISK"));
  return v;
}

}  // namespace mutual::crypto::testing
