// mutuald against an independent Noise implementation: noise-handshake
// 4.2.0 (npm, pinned in tests/interop/package.json; scripts/test installs
// it) runs Noise_XX_25519_ChaChaPoly_BLAKE2b as the initiator with
// mutual's prologue and framing, completes the handshake with a real
// daemon on loopback and exchanges one transport message each way
// (tests/interop/noise_peer.js). Its static key is made known to the
// daemon the way pairing would: as a stored peer's device record.
#include <catch2/catch.hpp>
#include <filesystem>

#include "libsync/crypto/sodium.h"
#include "libsync/store/home.h"
#include "tests/integration/cli_harness.h"

namespace mutual::integration {
namespace {

TEST_CASE("AnIndependentNoiseImplementationCompletesAHandshakeWithMutuald") {
  REQUIRE(crypto::InitSodium().ok());
  const std::string interop = MUTUAL_INTEROP_DIR;
  INFO("needs `npm install` in " << interop << " (scripts/test runs it)");
  REQUIRE(std::filesystem::exists(interop + "/node_modules/noise-handshake"));

  Home home;
  const crypto::DeviceSecrets me = crypto::DeviceSecrets::Generate();
  crypto::DeviceSecrets other = crypto::DeviceSecrets::Generate();
  const crypto::X25519KeyPair node_key = crypto::X25519KeyPair::Generate();
  other.noise_static = node_key;
  {
    auto store = store::CreateHome(store::HomePaths::In(home.path()), std::nullopt,
                                   store::PwhashParams::Cheapest());
    REQUIRE(store.ok());
    REQUIRE(store->SaveIdentity(me, "Alex").ok());
    REQUIRE(store->PutPeer({crypto::MakeDeviceRecord(other), "node peer"}).ok());
  }
  home.StartDaemon({"--listen", "127.0.0.1:0"});
  RunResult r = RunProcess({"/usr/bin/env", "node", interop + "/noise_peer.js",
                            std::to_string(home.PeerPort()), ToHex(node_key.secret()),
                            ToHex(me.noise_static.public_key())},
                           {}, "");
  INFO("node: " << r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok\n");
}

TEST_CASE("AnUnknownNoisePeerIsRefusedAfterTheHandshake") {
  REQUIRE(crypto::InitSodium().ok());
  const std::string interop = MUTUAL_INTEROP_DIR;
  REQUIRE(std::filesystem::exists(interop + "/node_modules/noise-handshake"));
  Home home;
  const crypto::DeviceSecrets me = crypto::DeviceSecrets::Generate();
  {
    auto store = store::CreateHome(store::HomePaths::In(home.path()), std::nullopt,
                                   store::PwhashParams::Cheapest());
    REQUIRE(store.ok());
    REQUIRE(store->SaveIdentity(me, "Alex").ok());
  }
  home.StartDaemon({"--listen", "127.0.0.1:0"});
  // Same client, but its key is no known device: the daemon closes the
  // connection instead of sending anything encrypted.
  RunResult r = RunProcess(
      {"/usr/bin/env", "node", interop + "/noise_peer.js",
       std::to_string(home.PeerPort()), ToHex(crypto::X25519KeyPair::Generate().secret()),
       ToHex(me.noise_static.public_key())},
      {}, "");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("fail", 0) == 0);
  // The daemon keeps serving.
  CHECK(home.MustMutual({"status"}).find("Alex") != std::string::npos);
}

}  // namespace
}  // namespace mutual::integration
