#include "tests/integration/home_seed.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/envelope.h"
#include "libsync/store/home.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/stored_plan.h"

namespace mutual::integration {

std::string SeedHome(const std::string& home, const crypto::DeviceSecrets& me,
                     const std::string& name, const plan::Plan& plan,
                     const std::map<crypto::PublicKey, crypto::SigningKey>& signers) {
  const crypto::DocId doc = crypto::NewDocId();
  const crypto::Hash32 epoch = sync::InitialEpochId(doc);
  const crypto::DocKey key = crypto::DocKey::Generate();
  auto store = store::CreateHome(store::HomePaths::In(home), std::nullopt,
                                 store::PwhashParams::Cheapest());
  REQUIRE(store.ok());
  REQUIRE(store->SaveIdentity(me, name).ok());
  REQUIRE(store->AddDoc(doc, plan.View(0).title).ok());
  REQUIRE(store->PutDocKey(doc, epoch, key).ok());

  const crdt::Document& d = plan.document();
  std::map<crypto::PublicKey, crypto::Hash32> prev;  // per author: last hash
  // Missing() lists deps first and each author's changes in seq order, so
  // every chain is built front to back.
  for (const crdt::ChangeId& id : d.Missing(crdt::VersionVector{})) {
    auto signer = signers.find(id.author);
    REQUIRE(signer != signers.end());
    crypto::EnvelopeHeader header{doc, id.author, id.seq, prev[id.author],
                                  crypto::KeyHintOf(epoch)};
    crypto::Envelope env =
        crypto::SealEnvelope(header, d.EncodedChange(id), key, signer->second);
    auto row = sync::StoredEnvelopeOf(crypto::EncodeEnvelope(env),
                                      store::EnvelopeState::kApplied);
    REQUIRE(row.ok());
    REQUIRE(store->PutEnvelope(*row).ok());
    prev[id.author] = row->hash;
  }
  return ToHex(doc);
}

}  // namespace mutual::integration
