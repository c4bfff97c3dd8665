// Replays every Noise_XX_25519_ChaChaPoly_BLAKE2b vector of the cacophony
// suite (data/noise-vectors/, see SOURCE.md there) through both sides of
// NoiseHandshake and the split CipherStates, checking every byte.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libsync/crypto/noise.h"
#include "tests/crypto/crypto_test_helpers.h"
#include "tests/support/data_files.h"

namespace mutual::crypto {
namespace {

using testing::BytesFromHex;
using testing::FixedFromHex;
using testing::RequireSodium;

std::vector<nlohmann::json> LoadXxVectors() {
  auto text = mutual::testing::ReadDataFile("noise-vectors/cacophony.txt");
  REQUIRE(text.ok());
  auto doc = nlohmann::json::parse(*text);
  std::vector<nlohmann::json> out;
  for (const auto& v : doc.at("vectors")) {
    if (v.at("protocol_name").get<std::string>() == kNoiseProtocolName) out.push_back(v);
  }
  return out;
}

X25519KeyPair KeyFromHex(const nlohmann::json& hex) {
  return X25519KeyPair::FromSecret(FixedFromHex<32>(hex.get<std::string>()));
}

NoiseHandshake SideFromVector(const nlohmann::json& v, bool initiator) {
  std::string prefix = initiator ? "init_" : "resp_";
  Bytes prologue = BytesFromHex(v.at(prefix + "prologue").get<std::string>());
  X25519KeyPair s = KeyFromHex(v.at(prefix + "static"));
  NoiseHandshake hs = initiator ? NoiseHandshake::Initiator(s, prologue)
                                : NoiseHandshake::Responder(s, prologue);
  hs.SetEphemeralForTesting(KeyFromHex(v.at(prefix + "ephemeral")));
  return hs;
}

// Messages 0-2: the handshake; each must match byte for byte and open.
void RunHandshake(const nlohmann::json& messages, NoiseHandshake& init,
                  NoiseHandshake& resp) {
  for (size_t i = 0; i < 3; ++i) {
    INFO("handshake message " << i);
    NoiseHandshake& writer = i % 2 == 0 ? init : resp;
    NoiseHandshake& reader = i % 2 == 0 ? resp : init;
    Bytes payload = BytesFromHex(messages.at(i).at("payload").get<std::string>());
    Bytes expected = BytesFromHex(messages.at(i).at("ciphertext").get<std::string>());
    auto written = writer.WriteMessage(payload);
    REQUIRE(written.ok());
    REQUIRE(ToHex(*written) == ToHex(expected));
    auto read = reader.ReadMessage(expected);
    REQUIRE(read.ok());
    REQUIRE(*read == payload);
  }
}

// Messages 3..: transport. Directions keep alternating by index (even:
// initiator to responder), so XX's message 3 comes from the responder;
// nonces count from 0 in each direction.
void RunTransport(const nlohmann::json& messages, NoiseTransport& init,
                  NoiseTransport& resp) {
  for (size_t i = 3; i < messages.size(); ++i) {
    INFO("transport message " << i);
    NoiseCipherState& send = i % 2 == 0 ? init.send : resp.send;
    NoiseCipherState& recv = i % 2 == 0 ? resp.recv : init.recv;
    Bytes payload = BytesFromHex(messages.at(i).at("payload").get<std::string>());
    Bytes expected = BytesFromHex(messages.at(i).at("ciphertext").get<std::string>());
    auto sealed = send.EncryptWithAd({}, payload);
    REQUIRE(sealed.ok());
    REQUIRE(ToHex(*sealed) == ToHex(expected));
    auto opened = recv.DecryptWithAd({}, expected);
    REQUIRE(opened.ok());
    REQUIRE(*opened == payload);
  }
}

TEST_CASE("CacophonyHasXxBlake2bVectors") {
  // Guards the vector test below against silently running zero vectors.
  REQUIRE(LoadXxVectors().size() >= 1);
}

TEST_CASE("NoiseXxMatchesEveryCacophonyVector") {
  RequireSodium();
  for (const auto& v : LoadXxVectors()) {
    NoiseHandshake init = SideFromVector(v, /*initiator=*/true);
    NoiseHandshake resp = SideFromVector(v, /*initiator=*/false);
    const auto& messages = v.at("messages");
    REQUIRE(messages.size() > 3);
    RunHandshake(messages, init, resp);
    REQUIRE(init.IsComplete());
    REQUIRE(resp.IsComplete());

    std::string hash = v.at("handshake_hash").get<std::string>();
    REQUIRE(ToHex(init.HandshakeHash()) == hash);
    REQUIRE(ToHex(resp.HandshakeHash()) == hash);
    REQUIRE(init.remote_static() == KeyFromHex(v.at("resp_static")).public_key());
    REQUIRE(resp.remote_static() == KeyFromHex(v.at("init_static")).public_key());

    auto init_transport = init.Split();
    auto resp_transport = resp.Split();
    REQUIRE(init_transport.ok());
    REQUIRE(resp_transport.ok());
    RunTransport(messages, *init_transport, *resp_transport);
  }
}

}  // namespace
}  // namespace mutual::crypto
