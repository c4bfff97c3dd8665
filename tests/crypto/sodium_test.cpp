#include "libsync/crypto/sodium.h"

#include <catch2/catch.hpp>

namespace mutual::crypto {
namespace {

TEST_CASE("InitSodiumIsIdempotent") {
  REQUIRE(InitSodium().ok());
  // The second call finds libsodium already initialised and is still OK.
  REQUIRE(InitSodium().ok());
}

}  // namespace
}  // namespace mutual::crypto
