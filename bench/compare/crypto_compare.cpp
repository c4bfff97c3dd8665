// The crypto-bound metric groups of scripts/bench, each workload in a fresh
// process, one JSON line (bench_clock.h) per run. Single-threaded: "one core".
//
//   sealed [N]  envelopes of the automerge-paper trace's first N edits
//               (default 20000; its edits are single-character changes),
//               sealed by one author, then run through a second replica's
//               sync::ReceivePipeline into a crdt::Document (ingest_per_s),
//               and the same envelopes through a raw libsodium loop doing
//               only crypto_sign_verify_detached and the XChaCha20-Poly1305
//               decryption (bound). The text must end as the trace's.
//   noise [N]   N full Noise XX handshakes (crypto::NoiseHandshake, both
//               sides in this process, default 2000; handshakes_per_s), and
//               the X25519 work one handshake needs as a raw loop (bound):
//               2 crypto_scalarmult_base (each side's ephemeral key) + 6
//               crypto_scalarmult (ee, es, se on each side). The static keys
//               are long-lived device keys, made once, outside the timing.
//
// Asserts nothing; exits 1 when a run went wrong (after saying why).
#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench/compare/bench_clock.h"
#include "libsync/crdt/document.h"
#include "libsync/crypto/noise.h"
#include "libsync/crypto/sodium.h"
#include "libsync/sync/replica.h"
#include "tests/support/data_files.h"

namespace mutual::bench {
namespace {

using Doc = crdt::Document;
using DocReplica = sync::Replica<Doc>;

std::unique_ptr<DocReplica> MakeReplica(const crypto::SigningKey& me,
                                        const sync::PipelineConfig& config,
                                        const crypto::DocKey& key) {
  auto r = std::make_unique<DocReplica>(me, config, Doc(), [] { return Doc(); });
  r->AddKey(sync::InitialEpochId(config.doc_id), key);
  return r;
}

Result<Values> Sealed(size_t n) {
  MUTUAL_ASSIGN_OR_RETURN(testing::EditingTrace trace,
                          testing::LoadEditingTrace("automerge-paper"));
  if (n > trace.txns.size()) n = trace.txns.size();
  const crypto::SigningKey author = crypto::SigningKey::Generate();
  const crypto::SigningKey reader = crypto::SigningKey::Generate();
  const crypto::DocKey key = crypto::DocKey::Generate();
  sync::PipelineConfig config;
  config.doc_id = crypto::NewDocId();
  config.allowed_authors = {author.public_key(), reader.public_key()};
  auto writer = MakeReplica(author, config, key);
  auto replica = MakeReplica(reader, config, key);

  // The stream: one envelope making the text object, then one per edit.
  std::vector<Bytes> stream;
  crdt::OpId text{};
  MUTUAL_ASSIGN_OR_RETURN(Bytes first, writer->Edit(0, [&](Doc::Transaction& t) {
    text = t.Set(crdt::kRootObject, "text", crdt::MakeObject{crdt::ObjType::kText});
  }));
  if (replica->Receive(first).disposition != sync::Disposition::kApplied) {
    return Status::Corruption("the first envelope was not applied");
  }
  std::string expected;  // the text after the first n edits
  for (size_t i = 0; i < n; ++i) {
    MUTUAL_ASSIGN_OR_RETURN(Bytes env, writer->Edit(0, [&](Doc::Transaction& t) {
      for (const testing::TracePatch& p : trace.txns[i].patches) {
        if (p.del > 0) t.DeleteText(text, p.pos, p.del);
        if (!p.ins.empty()) t.InsertText(text, p.pos, p.ins);
      }
    }));
    stream.push_back(std::move(env));
  }
  expected = writer->doc().Text(text);

  const double t0 = NowMs(), c0 = ProcessCpuMs();
  for (const Bytes& env : stream) {
    sync::ReceiveResult r = replica->Receive(env);
    if (r.disposition != sync::Disposition::kApplied) {
      return Status::Corruption(std::string("envelope not applied: ") +
                                sync::DispositionName(r.disposition) + " " +
                                r.status.ToString());
    }
  }
  const double ingest_ms = NowMs() - t0, ingest_cpu_ms = ProcessCpuMs() - c0;
  if (replica->doc().Text(text) != expected) return Status::Corruption("texts differ");

  // The bound's inputs, prepared outside its timing.
  struct Raw {
    crypto::Envelope env;
    Bytes signed_bytes;
  };
  std::vector<Raw> raw;
  raw.reserve(stream.size());
  for (const Bytes& b : stream) {
    MUTUAL_ASSIGN_OR_RETURN(crypto::Envelope env, crypto::DecodeEnvelope(b));
    Bytes signed_bytes = crypto::EnvelopeSignedBytes(env);
    raw.push_back({std::move(env), std::move(signed_bytes)});
  }
  Bytes plain(crypto::kMaxEnvelopePlaintextBytes);
  const auto& pk = author.public_key();
  size_t failures = 0;
  const double b0 = NowMs();
  for (const Raw& r : raw) {
    unsigned long long plain_len = 0;
    failures += crypto_sign_verify_detached(r.env.signature.data(), r.signed_bytes.data(),
                                            r.signed_bytes.size(), pk.data()) != 0;
    failures += crypto_aead_xchacha20poly1305_ietf_decrypt(
                    plain.data(), &plain_len, nullptr, r.env.ciphertext.data(),
                    r.env.ciphertext.size(), r.env.header.data(), r.env.header.size(),
                    r.env.nonce.data(), key.bytes().data()) != 0;
  }
  const double bound_ms = NowMs() - b0;
  if (failures) return Status::Corruption("the raw loop rejected an envelope");
  const double count = static_cast<double>(stream.size());
  return Values{{"envelopes", count},
                {"ingest_per_s", count / (ingest_ms / 1e3)},
                {"bound", count / (bound_ms / 1e3)},
                {"ingest_ms", ingest_ms},
                {"ingest_cpu_ms", ingest_cpu_ms},
                {"bound_ms", bound_ms}};
}

Status OneHandshake(const crypto::X25519KeyPair& si, const crypto::X25519KeyPair& sr) {
  const ByteView prologue = AsBytes(crypto::kMutualNoisePrologue);
  auto i = crypto::NoiseHandshake::Initiator(si, prologue);
  auto r = crypto::NoiseHandshake::Responder(sr, prologue);
  for (int m = 0; m < 3; ++m) {
    auto& writer = m % 2 == 0 ? i : r;
    auto& reader = m % 2 == 0 ? r : i;
    MUTUAL_ASSIGN_OR_RETURN(Bytes msg, writer.WriteMessage({}));
    MUTUAL_RETURN_IF_ERROR(reader.ReadMessage(msg).status());
  }
  MUTUAL_RETURN_IF_ERROR(i.Split().status());
  return r.Split().status();
}

Result<Values> Noise(size_t n) {
  const auto si = crypto::X25519KeyPair::Generate();
  const auto sr = crypto::X25519KeyPair::Generate();
  const double t0 = NowMs(), c0 = ProcessCpuMs();
  for (size_t k = 0; k < n; ++k) MUTUAL_RETURN_IF_ERROR(OneHandshake(si, sr));
  const double hs_ms = NowMs() - t0, hs_cpu_ms = ProcessCpuMs() - c0;

  unsigned char ei[32], er[32], pi[32], pr[32], out[32], s_i[32], s_r[32], ps_i[32], ps_r[32];
  randombytes_buf(s_i, 32);
  randombytes_buf(s_r, 32);
  crypto_scalarmult_base(ps_i, s_i);
  crypto_scalarmult_base(ps_r, s_r);
  size_t failures = 0;
  const double b0 = NowMs();
  for (size_t k = 0; k < n; ++k) {
    randombytes_buf(ei, 32);
    randombytes_buf(er, 32);
    crypto_scalarmult_base(pi, ei);
    crypto_scalarmult_base(pr, er);
    failures += crypto_scalarmult(out, ei, pr) != 0;    // initiator ee
    failures += crypto_scalarmult(out, er, pi) != 0;    // responder ee
    failures += crypto_scalarmult(out, ei, ps_r) != 0;  // initiator es
    failures += crypto_scalarmult(out, s_r, pi) != 0;   // responder es
    failures += crypto_scalarmult(out, s_i, pr) != 0;   // initiator se
    failures += crypto_scalarmult(out, er, ps_i) != 0;  // responder se
  }
  const double bound_ms = NowMs() - b0;
  if (failures) return Status::Corruption("crypto_scalarmult failed");
  const double count = static_cast<double>(n);
  return Values{{"handshakes", count},
                {"handshakes_per_s", count / (hs_ms / 1e3)},
                {"bound", count / (bound_ms / 1e3)},
                {"handshakes_cpu_ms", hs_cpu_ms}};
}

}  // namespace
}  // namespace mutual::bench

int main(int argc, char** argv) {
  using namespace mutual;
  const std::string mode = argc > 1 ? argv[1] : "";
  if ((mode != "sealed" && mode != "noise") || argc > 3) {
    std::fprintf(stderr, "usage: crypto_compare sealed [N] | noise [N]\n");
    return 2;
  }
  if (!crypto::InitSodium().ok()) return 1;
  const size_t n = argc > 2 ? std::stoul(argv[2]) : mode == "sealed" ? 20000 : 2000;
  auto values = mode == "sealed" ? bench::Sealed(n) : bench::Noise(n);
  if (!values.ok()) {
    std::fprintf(stderr, "crypto_compare %s: %s\n", mode.c_str(),
                 values.status().ToString().c_str());
    return 1;
  }
  bench::PrintValues(mode, *values);
  return 0;
}
