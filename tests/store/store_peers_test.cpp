// Store: when peer devices were last seen and whether they were verified
// (store_peers.cpp, migration 0003).
#include <catch2/catch.hpp>
#include <optional>

#include "libsync/store/store.h"
#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::RawExec;
using testing::RequireSodium;
using testing::TempDir;

struct PeersFixture {
  PeersFixture() : key(StorageKey::Generate()) {
    RequireSodium();
    Reopen();
  }
  void Reopen() {
    store.reset();
    auto opened = Store::Open(dir.File("mutual.db"), key);
    REQUIRE(opened.ok());
    store.emplace(std::move(*opened));
  }
  crypto::DeviceRecord NewPeer(const std::string& label) {
    crypto::DeviceRecord r = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
    REQUIRE(store->PutPeer({r, label}).ok());
    return r;
  }

  TempDir dir;
  StorageKey key;
  std::optional<Store> store;
};

TEST_CASE("PeerLastSeenAndVerifiedSurviveAReopen") {
  PeersFixture f;
  crypto::DeviceRecord sam = f.NewPeer("Sam");
  REQUIRE(
      f.store->SetPeerSeen(sam.signing_key, {1'700'000'000'123, 1'700'000'050'000}).ok());
  f.Reopen();
  auto seen = f.store->GetPeerSeen(sam.signing_key);
  REQUIRE(seen.ok());
  CHECK(seen->last_seen_ms == 1'700'000'000'123);
  CHECK(seen->verified_ms == 1'700'000'050'000);
}

TEST_CASE("APeerNeverSeenHasZeroTimes") {
  PeersFixture f;
  crypto::DeviceRecord sam = f.NewPeer("Sam");
  auto seen = f.store->GetPeerSeen(sam.signing_key);
  REQUIRE(seen.ok());
  CHECK(*seen == PeerSeen{});
}

TEST_CASE("ReplacingThePeerRecordKeepsWhenItWasSeen") {
  PeersFixture f;
  crypto::DeviceRecord sam = f.NewPeer("Sam");
  REQUIRE(f.store->SetPeerSeen(sam.signing_key, {5, 6}).ok());
  REQUIRE(f.store->PutPeer({sam, "Sam (phone)"}).ok());
  CHECK(*f.store->GetPeerSeen(sam.signing_key) == PeerSeen{5, 6});
}

TEST_CASE("LastSeenOfAnUnknownPeerIsNotFound") {
  PeersFixture f;
  crypto::DeviceRecord stranger =
      crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  CHECK(f.store->SetPeerSeen(stranger.signing_key, {1, 0}).IsNotFound());
  CHECK(f.store->GetPeerSeen(stranger.signing_key).status().IsNotFound());
}

TEST_CASE("SealedLastSeenRecordsCannotBeSwapped") {
  PeersFixture f;
  crypto::DeviceRecord alex = f.NewPeer("Alex");
  crypto::DeviceRecord sam = f.NewPeer("Sam");
  REQUIRE(f.store->SetPeerSeen(alex.signing_key, {1, 0}).ok());
  REQUIRE(f.store->SetPeerSeen(sam.signing_key, {2, 3}).ok());
  f.store.reset();
  RawExec(f.dir.File("mutual.db"),
          "CREATE TEMP TABLE old AS SELECT peer_id, seen_sealed FROM peers;"
          "UPDATE peers SET seen_sealed = (SELECT seen_sealed FROM old "
          "WHERE old.peer_id != peers.peer_id)");
  f.Reopen();
  CHECK(f.store->GetPeerSeen(alex.signing_key).status().IsCorruption());
  CHECK(f.store->GetPeerSeen(sam.signing_key).status().IsCorruption());
}

TEST_CASE("ADatabaseFromBeforeLastSeenIsMigratedAndKeepsItsPeers") {
  PeersFixture f;
  crypto::DeviceRecord sam = f.NewPeer("Sam");
  f.store.reset();
  // Schema version 2: the peers table without seen_sealed.
  RawExec(f.dir.File("mutual.db"),
          "ALTER TABLE peers DROP COLUMN seen_sealed; PRAGMA user_version = 2");
  f.Reopen();
  REQUIRE(f.store->GetPeer(sam.signing_key).ok());
  CHECK(*f.store->GetPeerSeen(sam.signing_key) == PeerSeen{});
  REQUIRE(f.store->SetPeerSeen(sam.signing_key, {9, 0}).ok());
  CHECK(f.store->GetPeerSeen(sam.signing_key)->last_seen_ms == 9);
}

}  // namespace
}  // namespace mutual::store
