#include "libsync/store/store.h"

#include <catch2/catch.hpp>

#include "tests/store/store_test_helpers.h"

namespace mutual::store {
namespace {

using testing::Contains;
using testing::EnvelopeChain;
using testing::RandomFixed;
using testing::RawExec;
using testing::ReadFile;
using testing::RequireSodium;
using testing::TempDir;

// A store in a fresh temp dir.
struct Fixture {
  Fixture() : key(StorageKey::Generate()) {
    RequireSodium();
    Reopen();
  }
  void Reopen() {
    store.reset();
    auto opened = Store::Open(path(), key);
    REQUIRE(opened.ok());
    store.emplace(std::move(*opened));
  }
  std::string path() const { return dir.File("mutual.db"); }
  // All of the database's bytes on disk, WAL included, after a clean close.
  Bytes DiskBytes() {
    store.reset();
    Bytes bytes = ReadFile(path());
    Reopen();
    return bytes;
  }
  DocId NewDoc(std::string_view title = "Our plan") {
    DocId doc = RandomFixed<16>();
    REQUIRE(store->AddDoc(doc, title).ok());
    return doc;
  }

  TempDir dir;
  StorageKey key;
  std::optional<Store> store;
};

// --- opening ---

TEST_CASE("StoreOpenedWithAnotherStorageKeyIsRefused") {
  Fixture f;
  f.NewDoc();
  f.store.reset();
  auto other = Store::Open(f.path(), StorageKey::Generate());
  REQUIRE(other.status().IsPermissionDenied());
  REQUIRE(other.status().message().find("storage key") != std::string::npos);
  REQUIRE(Store::Open(f.path(), f.key).ok());
}

// --- identity ---

TEST_CASE("IdentityRoundTripsThroughTheStore") {
  Fixture f;
  crypto::DeviceSecrets secrets = crypto::DeviceSecrets::Generate();
  REQUIRE(f.store->SaveIdentity(secrets, "Sam").ok());
  f.Reopen();
  auto identity = f.store->LoadIdentity();
  REQUIRE(identity.ok());
  REQUIRE(identity->name == "Sam");
  REQUIRE(crypto::MakeDeviceRecord(identity->secrets).signing_key ==
          secrets.identity.public_key());
  REQUIRE(identity->secrets.noise_static.public_key() ==
          secrets.noise_static.public_key());
  REQUIRE(identity->secrets.delivery.public_key() == secrets.delivery.public_key());
}

TEST_CASE("IdentityIsSavedOnlyOnce") {
  Fixture f;
  REQUIRE(f.store->LoadIdentity().status().IsNotFound());
  crypto::DeviceSecrets first = crypto::DeviceSecrets::Generate();
  REQUIRE(f.store->SaveIdentity(first, "Sam").ok());
  REQUIRE(
      f.store->SaveIdentity(crypto::DeviceSecrets::Generate(), "Eve").IsAlreadyExists());
  REQUIRE(f.store->LoadIdentity()->secrets.identity.public_key() ==
          first.identity.public_key());
}

TEST_CASE("SecretsNamesTitlesAndPeersAreNotOnDiskInTheClear") {
  Fixture f;
  crypto::DeviceSecrets secrets = crypto::DeviceSecrets::Generate();
  REQUIRE(f.store->SaveIdentity(secrets, "Samantha-Name").ok());
  DocId doc = f.NewDoc("Title-Of-Our-Plan");
  crypto::DocKey doc_key = crypto::DocKey::Generate();
  REQUIRE(f.store->PutDocKey(doc, RandomFixed<32>(), doc_key).ok());
  crypto::DeviceRecord peer = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  REQUIRE(f.store->PutPeer({peer, "Alex-Label"}).ok());
  REQUIRE(f.store->AddPeerAddress(peer.signing_key, "192.0.2.77:47470").ok());
  REQUIRE(
      f.store->SaveSnapshot(doc, {ToBytes("vv"), ToBytes("Snapshot-Secret-Text")}).ok());
  Bytes disk = f.DiskBytes();
  for (std::string_view s : {"Samantha-Name", "Title-Of-Our-Plan", "Alex-Label",
                             "192.0.2.77", "Snapshot-Secret-Text"}) {
    INFO(s);
    REQUIRE(!Contains(disk, AsBytes(s)));
  }
  REQUIRE(!Contains(disk, secrets.identity.seed()));
  REQUIRE(!Contains(disk, secrets.delivery.secret()));
  REQUIRE(!Contains(disk, doc_key.bytes()));
  REQUIRE(!Contains(disk, peer.signing_key));
  REQUIRE(!Contains(disk, peer.delivery_key));
  REQUIRE(!Contains(disk, f.key.bytes()));
}

// --- docs and keys ---

TEST_CASE("DocTitlesRoundTripAndCanBeChanged") {
  Fixture f;
  DocId a = f.NewDoc("Plan A");
  DocId b = f.NewDoc("Plan B");
  REQUIRE(f.store->AddDoc(a, "again").IsAlreadyExists());
  REQUIRE(f.store->SetDocTitle(b, "Plan B, renamed").ok());
  f.Reopen();
  REQUIRE(*f.store->DocTitle(a) == "Plan A");
  REQUIRE(*f.store->DocTitle(b) == "Plan B, renamed");
  auto docs = f.store->ListDocs();
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 2);
  REQUIRE(f.store->DocTitle(RandomFixed<16>()).status().IsNotFound());
  REQUIRE(f.store->SetDocTitle(RandomFixed<16>(), "x").IsNotFound());
}

TEST_CASE("SealedTitlesCannotBeSwappedBetweenRows") {
  Fixture f;
  DocId a = f.NewDoc("Plan A");
  DocId b = f.NewDoc("Plan B");
  f.store.reset();
  // Someone with write access to the file swaps the two sealed titles.
  RawExec(f.path(),
          "CREATE TEMP TABLE old AS SELECT doc_id, title_sealed FROM docs;"
          "UPDATE docs SET title_sealed = (SELECT title_sealed FROM old "
          "WHERE old.doc_id != docs.doc_id)");
  f.Reopen();
  REQUIRE(f.store->DocTitle(a).status().IsCorruption());
  REQUIRE(f.store->DocTitle(b).status().IsCorruption());
}

TEST_CASE("WrappedDocKeysRoundTripAndAreFoundByHint") {
  Fixture f;
  DocId doc = f.NewDoc();
  Hash32 epoch1 = RandomFixed<32>();
  Hash32 epoch2 = RandomFixed<32>();
  crypto::DocKey k1 = crypto::DocKey::Generate();
  crypto::DocKey k2 = crypto::DocKey::Generate();
  REQUIRE(f.store->PutDocKey(doc, epoch1, k1).ok());
  REQUIRE(f.store->PutDocKey(doc, epoch2, k2).ok());
  REQUIRE(f.store->PutDocKey(doc, epoch1, k1).ok());  // idempotent
  REQUIRE(f.store->PutDocKey(doc, epoch1, k2).IsAlreadyExists());
  f.Reopen();
  auto by_hint = f.store->DocKeysByHint(doc, crypto::KeyHintOf(epoch2));
  REQUIRE(by_hint.ok());
  REQUIRE(by_hint->size() == 1);
  REQUIRE((*by_hint)[0].epoch_id == epoch2);
  REQUIRE((*by_hint)[0].key.bytes() == k2.bytes());
  REQUIRE(f.store->GetDocKey(doc, epoch1)->key.bytes() == k1.bytes());
  REQUIRE(f.store->DocKeys(doc)->size() == 2);
  REQUIRE(f.store->PutDocKey(RandomFixed<16>(), epoch1, k1).IsNotFound());
}

TEST_CASE("WrappedDocKeysCannotBeSwappedBetweenEpochs") {
  Fixture f;
  DocId doc = f.NewDoc();
  Hash32 epoch1 = RandomFixed<32>();
  Hash32 epoch2 = RandomFixed<32>();
  REQUIRE(f.store->PutDocKey(doc, epoch1, crypto::DocKey::Generate()).ok());
  REQUIRE(f.store->PutDocKey(doc, epoch2, crypto::DocKey::Generate()).ok());
  f.store.reset();
  RawExec(f.path(),
          "CREATE TEMP TABLE old AS SELECT epoch_id, key_sealed FROM doc_keys;"
          "UPDATE doc_keys SET key_sealed = (SELECT key_sealed FROM old "
          "WHERE old.epoch_id != doc_keys.epoch_id)");
  f.Reopen();
  REQUIRE(f.store->GetDocKey(doc, epoch1).status().IsCorruption());
  REQUIRE(f.store->GetDocKey(doc, epoch2).status().IsCorruption());
}

TEST_CASE("RemovingADocRemovesEverythingOfIt") {
  Fixture f;
  DocId doc = f.NewDoc();
  DocId kept = f.NewDoc("kept");
  EnvelopeChain chain(doc);
  REQUIRE(f.store->PutEnvelope(chain.Next()).ok());
  REQUIRE(f.store->PutDocKey(doc, RandomFixed<32>(), crypto::DocKey::Generate()).ok());
  REQUIRE(f.store->SaveSnapshot(doc, {Bytes{1}, Bytes{2}}).ok());
  REQUIRE(f.store->RemoveDoc(doc).ok());
  REQUIRE(f.store->DocTitle(doc).status().IsNotFound());
  REQUIRE(f.store->GetEnvelope(doc, chain.author(), 1).status().IsNotFound());
  REQUIRE(f.store->DocKeys(doc)->empty());
  REQUIRE(f.store->Heads(doc)->empty());
  REQUIRE(f.store->LoadSnapshot(doc).status().IsNotFound());
  REQUIRE(*f.store->DocTitle(kept) == "kept");
  REQUIRE(f.store->RemoveDoc(doc).IsNotFound());
}

// --- envelopes ---

TEST_CASE("EnvelopeRoundTripsByKeyAndByHash") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope e = chain.Next("hello");
  REQUIRE(*f.store->PutEnvelope(e) == PutOutcome::kInserted);
  f.Reopen();
  auto got = f.store->GetEnvelope(doc, chain.author(), 1);
  REQUIRE(got.ok());
  REQUIRE(*got == e);
  auto decoded = crypto::DecodeEnvelope(got->bytes);
  REQUIRE(decoded.ok());
  REQUIRE(crypto::EnvelopeHash(*decoded) == e.hash);
  REQUIRE(*f.store->GetEnvelopeByHash(e.hash) == e);
  REQUIRE(f.store->GetEnvelope(doc, chain.author(), 2).status().IsNotFound());
}

TEST_CASE("StoringTheSameEnvelopeAgainIsHarmless") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope e = chain.Next();
  REQUIRE(*f.store->PutEnvelope(e) == PutOutcome::kInserted);
  REQUIRE(f.store->SetEnvelopeState(doc, e.author, 1, EnvelopeState::kApplied).ok());
  StoredEnvelope again = e;  // resent by a peer, still pending to them
  REQUIRE(*f.store->PutEnvelope(again) == PutOutcome::kDuplicate);
  REQUIRE(f.store->GetEnvelope(doc, e.author, 1)->state == EnvelopeState::kApplied);
}

TEST_CASE("UniqueDocAuthorSeqIsEnforced") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope first = chain.Next("one");
  StoredEnvelope other = chain.Fork(1, Hash32{}, "another one");
  REQUIRE(other.hash != first.hash);
  REQUIRE(f.store->PutEnvelope(first).ok());
  auto put = f.store->PutEnvelope(other);
  REQUIRE(put.status().IsAlreadyExists());
  REQUIRE(put.status().message().find("fork") != std::string::npos);
  REQUIRE(*f.store->GetEnvelope(doc, chain.author(), 1) == first);
  f.store.reset();
  // The schema enforces it too, whatever the code above it does.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(f.path().c_str(), &raw) == SQLITE_OK);
  int rc =
      sqlite3_exec(raw,
                   "INSERT INTO envelopes SELECT doc_id, author, seq, randomblob(32), "
                   "prev, state, bytes FROM envelopes",
                   nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_CONSTRAINT);
}

TEST_CASE("EnvelopeForUnknownDocOrSeqZeroIsRefused") {
  Fixture f;
  EnvelopeChain chain(RandomFixed<16>());
  StoredEnvelope e = chain.Next();
  REQUIRE(f.store->PutEnvelope(e).status().IsNotFound());
  e.seq = 0;
  REQUIRE(f.store->PutEnvelope(e).status().IsInvalidArgument());
}

TEST_CASE("EnvelopesAreListedByAuthorRangeInSeqOrder") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain a(doc);
  EnvelopeChain b(doc);
  std::vector<StoredEnvelope> mine;
  for (int i = 0; i < 6; ++i) {
    mine.push_back(a.Next());
    REQUIRE(f.store->PutEnvelope(b.Next()).ok());
  }
  for (auto it = mine.rbegin(); it != mine.rend(); ++it) {  // arrive out of order
    REQUIRE(f.store->PutEnvelope(*it).ok());
  }
  auto range = f.store->ListEnvelopes(doc, a.author(), 2, 4);
  REQUIRE(range.ok());
  REQUIRE(range->size() == 3);
  for (size_t i = 0; i < 3; ++i) REQUIRE((*range)[i] == mine[i + 1]);
  auto all = f.store->ListEnvelopes(doc, a.author(), 1, UINT64_MAX);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 6);
}

TEST_CASE("EnvelopeStatesAreMarkedAndQueried") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  for (int i = 0; i < 4; ++i) REQUIRE(f.store->PutEnvelope(chain.Next()).ok());
  REQUIRE(
      f.store->SetEnvelopeState(doc, chain.author(), 1, EnvelopeState::kApplied).ok());
  REQUIRE(
      f.store->SetEnvelopeState(doc, chain.author(), 2, EnvelopeState::kApplied).ok());
  REQUIRE(f.store->SetEnvelopeState(doc, chain.author(), 4, EnvelopeState::kVoid).ok());
  REQUIRE(f.store->SetEnvelopeState(doc, chain.author(), 9, EnvelopeState::kVoid)
              .IsNotFound());
  f.Reopen();
  auto pending = f.store->EnvelopesInState(doc, EnvelopeState::kPending);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  REQUIRE((*pending)[0].seq == 3);
  REQUIRE(f.store->EnvelopesInState(doc, EnvelopeState::kApplied)->size() == 2);
  auto void_ones = f.store->EnvelopesInState(doc, EnvelopeState::kVoid);
  REQUIRE(void_ones->size() == 1);
  REQUIRE((*void_ones)[0].seq == 4);
}

TEST_CASE("HeadsAreTheHighestContiguousSeqAndItsHash") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain a(doc);
  EnvelopeChain b(doc);
  std::vector<StoredEnvelope> as;
  for (int i = 0; i < 5; ++i) as.push_back(a.Next());
  for (int i : {0, 1, 2, 4}) REQUIRE(f.store->PutEnvelope(as[i]).ok());  // seq 4 missing
  StoredEnvelope b1 = b.Next();
  StoredEnvelope b2 = b.Next();
  REQUIRE(f.store->PutEnvelope(b2).ok());  // seq 1 missing
  auto heads = f.store->Heads(doc);
  REQUIRE(heads.ok());
  REQUIRE(heads->size() == 2);
  for (const AuthorHead& h : *heads) {
    if (h.author == a.author()) {
      REQUIRE(h.seq == 3);
      REQUIRE(h.hash == as[2].hash);
    } else {
      REQUIRE(h.author == b.author());
      REQUIRE(h.seq == 0);
      REQUIRE(h.hash == Hash32{});
    }
  }
  REQUIRE(f.store->PutEnvelope(as[3]).ok());
  REQUIRE(f.store->PutEnvelope(b1).ok());
  heads = f.store->Heads(doc);
  for (const AuthorHead& h : *heads) {
    REQUIRE(h.seq == (h.author == a.author() ? 5u : 2u));
    REQUIRE(h.hash == (h.author == a.author() ? as[4].hash : b2.hash));
  }
  REQUIRE(f.store->Heads(f.NewDoc())->empty());
}

// --- forks ---

TEST_CASE("ForkEvidenceKeepsBothEnvelopes") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope e1 = chain.Next("first");
  StoredEnvelope e2 = chain.Next("second");
  StoredEnvelope rival = chain.Fork(2, e1.hash, "restored from a backup");
  REQUIRE(f.store->PutEnvelope(e1).ok());
  REQUIRE(f.store->PutEnvelope(e2).ok());
  REQUIRE(f.store->PutEnvelope(rival).status().IsAlreadyExists());
  ForkEvidence kept{doc, e2.author, 2, e2.hash, e2.bytes};
  ForkEvidence seen{doc, rival.author, 2, rival.hash, rival.bytes};
  REQUIRE(f.store->RecordFork(kept, seen).ok());
  REQUIRE(f.store->RecordFork(seen, kept).ok());  // idempotent
  f.Reopen();
  auto evidence = f.store->ForkEvidenceFor(doc);
  REQUIRE(evidence.ok());
  REQUIRE(evidence->size() == 2);
  bool has_kept = false, has_seen = false;
  for (const ForkEvidence& ev : *evidence) {
    has_kept |= ev == kept;
    has_seen |= ev == seen;
  }
  REQUIRE(has_kept);
  REQUIRE(has_seen);
  REQUIRE(*f.store->GetEnvelope(doc, chain.author(), 2) == e2);
}

TEST_CASE("ForkEvidenceNeedsTwoDifferentEnvelopesOfOneSeq") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope e1 = chain.Next();
  StoredEnvelope e2 = chain.Next();
  ForkEvidence a{doc, e1.author, 1, e1.hash, e1.bytes};
  ForkEvidence b{doc, e2.author, 2, e2.hash, e2.bytes};
  REQUIRE(f.store->RecordFork(a, a).IsInvalidArgument());
  REQUIRE(f.store->RecordFork(a, b).IsInvalidArgument());
  REQUIRE(f.store->ForkEvidenceFor(doc)->empty());
}

// --- peers ---

TEST_CASE("PeersAreFoundBySigningKeyAndReplaced") {
  Fixture f;
  crypto::DeviceRecord alex = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  crypto::DeviceRecord sam = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  REQUIRE(f.store->PutPeer({alex, "Alex"}).ok());
  REQUIRE(f.store->PutPeer({sam, "Sam"}).ok());
  REQUIRE(f.store->PutPeer({alex, "Alex (laptop)"}).ok());
  f.Reopen();
  auto got = f.store->GetPeer(alex.signing_key);
  REQUIRE(got.ok());
  REQUIRE(got->device == alex);
  REQUIRE(got->label == "Alex (laptop)");
  REQUIRE(f.store->ListPeers()->size() == 2);
  REQUIRE(f.store->RemovePeer(sam.signing_key).ok());
  REQUIRE(f.store->GetPeer(sam.signing_key).status().IsNotFound());
  REQUIRE(f.store->RemovePeer(sam.signing_key).IsNotFound());
}

TEST_CASE("PeerAddressesAreKeptPerPeer") {
  Fixture f;
  crypto::DeviceRecord alex = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  crypto::DeviceRecord stranger =
      crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  REQUIRE(f.store->PutPeer({alex, "Alex"}).ok());
  REQUIRE(f.store->AddPeerAddress(alex.signing_key, "192.0.2.1:47470").ok());
  REQUIRE(f.store->AddPeerAddress(alex.signing_key, "[2001:db8::1]:47470").ok());
  REQUIRE(f.store->AddPeerAddress(alex.signing_key, "192.0.2.1:47470").ok());
  REQUIRE(f.store->AddPeerAddress(stranger.signing_key, "192.0.2.9:1").IsNotFound());
  f.Reopen();
  auto addresses = f.store->PeerAddresses(alex.signing_key);
  REQUIRE(addresses.ok());
  std::sort(addresses->begin(), addresses->end());
  REQUIRE(*addresses ==
          std::vector<std::string>{"192.0.2.1:47470", "[2001:db8::1]:47470"});
  REQUIRE(f.store->RemovePeer(alex.signing_key).ok());
  REQUIRE(f.store->PeerAddresses(alex.signing_key).status().IsNotFound());
}

TEST_CASE("SealedPeerRecordsCannotBeSwapped") {
  Fixture f;
  crypto::DeviceRecord alex = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  crypto::DeviceRecord sam = crypto::MakeDeviceRecord(crypto::DeviceSecrets::Generate());
  REQUIRE(f.store->PutPeer({alex, "Alex"}).ok());
  REQUIRE(f.store->PutPeer({sam, "Sam"}).ok());
  f.store.reset();
  RawExec(f.path(),
          "CREATE TEMP TABLE old AS SELECT peer_id, record_sealed FROM peers;"
          "UPDATE peers SET record_sealed = (SELECT record_sealed FROM old "
          "WHERE old.peer_id != peers.peer_id)");
  f.Reopen();
  REQUIRE(f.store->GetPeer(alex.signing_key).status().IsCorruption());
  REQUIRE(f.store->GetPeer(sam.signing_key).status().IsCorruption());
  REQUIRE(f.store->ListPeers().status().IsCorruption());
}

// --- snapshots ---

TEST_CASE("SnapshotsRoundTripAndAreReplaced") {
  Fixture f;
  DocId doc = f.NewDoc();
  REQUIRE(f.store->LoadSnapshot(doc).status().IsNotFound());
  REQUIRE(f.store->SaveSnapshot(doc, {Bytes{1, 1}, Bytes(5000, 7)}).ok());
  REQUIRE(f.store->SaveSnapshot(doc, {Bytes{2, 2}, Bytes(3000, 9)}).ok());
  f.Reopen();
  auto snap = f.store->LoadSnapshot(doc);
  REQUIRE(snap.ok());
  REQUIRE(snap->version == Bytes{2, 2});
  REQUIRE(snap->state == Bytes(3000, 9));
  REQUIRE(f.store->SaveSnapshot(RandomFixed<16>(), {Bytes{1}, Bytes{1}}).IsNotFound());
}

// --- transactions ---

TEST_CASE("WritesInAnUncommittedStoreTransactionAreDiscarded") {
  Fixture f;
  DocId doc = f.NewDoc();
  EnvelopeChain chain(doc);
  StoredEnvelope e1 = chain.Next();
  StoredEnvelope e2 = chain.Next();
  {
    auto txn = f.store->Begin();
    REQUIRE(txn.ok());
    REQUIRE(f.store->PutEnvelope(e1).ok());
    REQUIRE(f.store->PutEnvelope(e2).ok());
  }
  REQUIRE(f.store->GetEnvelope(doc, chain.author(), 1).status().IsNotFound());
  {
    auto txn = f.store->Begin();
    REQUIRE(txn.ok());
    REQUIRE(f.store->PutEnvelope(e1).ok());
    REQUIRE(f.store->PutEnvelope(e2).ok());
    REQUIRE(txn->Commit().ok());
  }
  f.Reopen();
  REQUIRE(f.store->ListEnvelopes(doc, chain.author(), 1, 2)->size() == 2);
}

// --- addresses to dial ---

TEST_CASE("DialAddressesAreKeptSealedOnceEachAndRemovable") {
  Fixture f;
  REQUIRE(f.store->AddDialAddress("192.0.2.7:47470").ok());
  REQUIRE(f.store->AddDialAddress("192.0.2.7:47470").ok());  // idempotent
  REQUIRE(f.store->AddDialAddress("[2001:db8::1]:47470").ok());
  auto list = f.store->DialAddresses();
  REQUIRE(list.ok());
  CHECK(list->size() == 2);
  CHECK(std::count(list->begin(), list->end(), "192.0.2.7:47470") == 1);
  CHECK_FALSE(Contains(f.DiskBytes(), AsBytes("192.0.2.7")));
  REQUIRE(f.store->RemoveDialAddress("192.0.2.7:47470").ok());
  CHECK(f.store->RemoveDialAddress("192.0.2.7:47470").IsNotFound());
  CHECK(*f.store->DialAddresses() == std::vector<std::string>{"[2001:db8::1]:47470"});
}

}  // namespace
}  // namespace mutual::store
