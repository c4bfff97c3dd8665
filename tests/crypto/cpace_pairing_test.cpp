#include "libsync/crypto/cpace_pairing.h"

#include <catch2/catch.hpp>

#include "libsync/crypto/cpace_confirm.h"
#include "libsync/crypto/pairing_code.h"
#include "tests/crypto/crypto_test_helpers.h"

namespace mutual::crypto {
namespace {

using testing::RequireSodium;

struct Outcome {
  bool joiner_confirms = false;
  bool inviter_confirms = false;
  Result<PublicKey> joiner_sees = Status::NotFound("unset");   // inviter's key
  Result<PublicKey> inviter_sees = Status::NotFound("unset");  // joiner's key
};

// One pairing exchange. `tamper_joiner_ad` replaces the joiner's AD on its
// way to the inviter (an attacker substituting a signing key).
Outcome RunPairing(const Bytes& joiner_prs, const Bytes& inviter_prs,
                   const NoiseHandshakeHash& joiner_hash,
                   const NoiseHandshakeHash& inviter_hash, const PublicKey& joiner_key,
                   const PublicKey& inviter_key,
                   const Bytes* tamper_joiner_ad = nullptr) {
  auto joiner =
      StartPairingCPace(CPaceRole::kInitiator, joiner_prs, joiner_hash, joiner_key);
  auto inviter =
      StartPairingCPace(CPaceRole::kResponder, inviter_prs, inviter_hash, inviter_key);
  Bytes joiner_ad_seen = tamper_joiner_ad ? *tamper_joiner_ad : joiner.ad();
  auto isk_j = joiner.Receive(inviter.Message(), inviter.ad());
  auto isk_i = inviter.Receive(joiner.Message(), joiner_ad_seen);
  REQUIRE(isk_j.ok());
  REQUIRE(isk_i.ok());
  CPaceKeyConfirmation conf_j(joiner_hash, *isk_j, joiner.Message(), joiner.ad(),
                              inviter.Message(), inviter.ad());
  CPaceKeyConfirmation conf_i(inviter_hash, *isk_i, inviter.Message(), inviter.ad(),
                              joiner.Message(), joiner_ad_seen);
  Outcome out;
  out.joiner_confirms = conf_j.CheckPeerTag(conf_i.own_tag()).ok();
  out.inviter_confirms = conf_i.CheckPeerTag(conf_j.own_tag()).ok();
  out.joiner_sees = ParsePairingCPaceAd(CPaceRole::kResponder, inviter.ad());
  out.inviter_sees = ParsePairingCPaceAd(CPaceRole::kInitiator, joiner_ad_seen);
  return out;
}

NoiseHandshakeHash Hash(uint8_t fill) {
  NoiseHandshakeHash h;
  h.fill(fill);
  return h;
}

Bytes CodePrs(std::string_view text) {
  auto code = ParsePairingCode(text);
  REQUIRE(code.ok());
  return code->Prs();
}

TEST_CASE("PairingAdIsRoleByteThenSigningKey") {
  PublicKey key;
  key.fill(0x77);
  Bytes joiner = PairingCPaceAd(CPaceRole::kInitiator, key);
  Bytes inviter = PairingCPaceAd(CPaceRole::kResponder, key);
  REQUIRE(joiner.size() == 33);
  REQUIRE(joiner[0] == 0x01);
  REQUIRE(inviter[0] == 0x02);
  REQUIRE(Bytes(joiner.begin() + 1, joiner.end()) == Bytes(key.begin(), key.end()));
  auto parsed = ParsePairingCPaceAd(CPaceRole::kInitiator, joiner);
  REQUIRE(parsed.ok());
  REQUIRE(*parsed == key);
}

TEST_CASE("PairingAdWithWrongRoleOrLengthIsRejected") {
  PublicKey key{};
  Bytes joiner = PairingCPaceAd(CPaceRole::kInitiator, key);
  REQUIRE(ParsePairingCPaceAd(CPaceRole::kResponder, joiner).status().IsPeerViolation());
  Bytes short_ad(joiner.begin(), joiner.end() - 1);
  REQUIRE(
      ParsePairingCPaceAd(CPaceRole::kInitiator, short_ad).status().IsPeerViolation());
  Bytes long_ad = joiner;
  long_ad.push_back(0);
  REQUIRE(ParsePairingCPaceAd(CPaceRole::kInitiator, long_ad).status().IsPeerViolation());
}

TEST_CASE("PairingWithTheSameCodeConfirmsAndBindsBothKeys") {
  RequireSodium();
  auto joiner_key = SigningKey::Generate().public_key();
  auto inviter_key = SigningKey::Generate().public_key();
  Bytes prs = CodePrs("7-crossover-clockwork");
  Outcome out = RunPairing(prs, CodePrs(" 7-CROSSOVER-Clockwork\n"), Hash(1), Hash(1),
                           joiner_key, inviter_key);
  REQUIRE(out.joiner_confirms);
  REQUIRE(out.inviter_confirms);
  REQUIRE(out.joiner_sees.ok());
  REQUIRE(*out.joiner_sees == inviter_key);
  REQUIRE(out.inviter_sees.ok());
  REQUIRE(*out.inviter_sees == joiner_key);
}

TEST_CASE("PairingWithAWrongWordFailsConfirmation") {
  RequireSodium();
  auto key = SigningKey::Generate().public_key();
  Outcome out = RunPairing(CodePrs("7-crossover-clockwork"), CodePrs("7-crossover-cobra"),
                           Hash(1), Hash(1), key, SigningKey::Generate().public_key());
  REQUIRE_FALSE(out.joiner_confirms);
  REQUIRE_FALSE(out.inviter_confirms);
}

TEST_CASE("PairingOverDifferentNoiseChannelsFailsConfirmation") {
  RequireSodium();
  Bytes prs = CodePrs("7-crossover-clockwork");
  Outcome out =
      RunPairing(prs, prs, Hash(1), Hash(2), SigningKey::Generate().public_key(),
                 SigningKey::Generate().public_key());
  REQUIRE_FALSE(out.joiner_confirms);
  REQUIRE_FALSE(out.inviter_confirms);
}

TEST_CASE("SubstitutedSigningKeyFailsConfirmation") {
  RequireSodium();
  Bytes prs = CodePrs("7-crossover-clockwork");
  auto attacker_ad =
      PairingCPaceAd(CPaceRole::kInitiator, SigningKey::Generate().public_key());
  Outcome out =
      RunPairing(prs, prs, Hash(1), Hash(1), SigningKey::Generate().public_key(),
                 SigningKey::Generate().public_key(), &attacker_ad);
  REQUIRE(out.inviter_sees.ok());  // well-formed, but ...
  REQUIRE_FALSE(out.joiner_confirms);
  REQUIRE_FALSE(out.inviter_confirms);
}

}  // namespace
}  // namespace mutual::crypto
