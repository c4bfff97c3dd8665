#include "tests/integration/home_seed.h"

#include <catch2/catch.hpp>

#include "libsync/store/home.h"
#include "libsync/sync/keyring.h"
#include "libsync/sync/stored_plan.h"

namespace mutual::integration {

SealedPlan SealPlan(const plan::Plan& plan,
                    const std::map<crypto::PublicKey, crypto::SigningKey>& signers) {
  SealedPlan out{crypto::NewDocId(), crypto::DocKey::Generate(), plan.View(0).title, {}};
  const crypto::Hash32 epoch = sync::InitialEpochId(out.doc);
  const crdt::Document& d = plan.document();
  std::map<crypto::PublicKey, crypto::Hash32> prev;  // per author: last hash
  // Missing() lists deps first and each author's changes in seq order, so
  // every chain is built front to back.
  for (const crdt::ChangeId& id : d.Missing(crdt::VersionVector{})) {
    auto signer = signers.find(id.author);
    REQUIRE(signer != signers.end());
    crypto::EnvelopeHeader header{out.doc, id.author, id.seq, prev[id.author],
                                  crypto::KeyHintOf(epoch)};
    crypto::Envelope env =
        crypto::SealEnvelope(header, d.EncodedChange(id), out.key, signer->second);
    prev[id.author] = crypto::EnvelopeHash(env);
    out.envelopes.push_back(crypto::EncodeEnvelope(env));
  }
  return out;
}

std::string SeedHome(const std::string& home, const crypto::DeviceSecrets& me,
                     const std::string& name, const SealedPlan& sealed) {
  auto store = store::CreateHome(store::HomePaths::In(home), std::nullopt,
                                 store::PwhashParams::Cheapest());
  REQUIRE(store.ok());
  REQUIRE(store->SaveIdentity(me, name).ok());
  REQUIRE(store->AddDoc(sealed.doc, sealed.title).ok());
  REQUIRE(
      store->PutDocKey(sealed.doc, sync::InitialEpochId(sealed.doc), sealed.key).ok());
  for (const Bytes& e : sealed.envelopes) {
    auto row = sync::StoredEnvelopeOf(e, store::EnvelopeState::kApplied);
    REQUIRE(row.ok());
    REQUIRE(store->PutEnvelope(*row).ok());
  }
  return ToHex(sealed.doc);
}

SealedPlan BuildAndSealFixture(plan::testing::FixtureBuilder& builder,
                               const std::string& device) {
  builder.Build();
  std::map<crypto::PublicKey, crypto::SigningKey> signers;
  for (const auto& [n, r] : builder.devices()) {
    signers.emplace(r->secrets.identity.public_key(), r->secrets.identity);
  }
  return SealPlan(builder.devices().at(device)->plan, signers);
}

}  // namespace mutual::integration
