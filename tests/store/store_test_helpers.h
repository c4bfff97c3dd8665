// Helpers shared by the store tests: a private temporary directory, raw
// file access for checking what is (and is not) on disk, and envelope
// chains made with the real crypto layer.
#pragma once

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "libsync/crypto/envelope.h"
#include "libsync/crypto/sodium.h"
#include "libsync/store/records.h"
#include "libsync/util/bytes.h"
#include "tests/support/temp_dir.h"

namespace mutual::store::testing {

inline void RequireSodium() { REQUIRE(crypto::InitSodium().ok()); }

using ::mutual::testing::TempDir;

inline Bytes ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::string& path, ByteView bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  REQUIRE(out.good());
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// Modification time in nanoseconds.
inline int64_t MtimeNs(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
}

inline bool Contains(ByteView haystack, ByteView needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

// Runs `sql` on the file with plain SQLite (not through the store), for
// making foreign databases and for tampering.
inline void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(msg);
  REQUIRE(rc == SQLITE_OK);
}

template <size_t N>
FixedBytes<N> RandomFixed() {
  FixedBytes<N> out;
  randombytes_buf(out.data(), out.size());
  return out;
}

// One author's chain of real sealed envelopes for `doc`.
class EnvelopeChain {
 public:
  explicit EnvelopeChain(const DocId& doc)
      : doc_(doc),
        signer_(crypto::SigningKey::Generate()),
        key_(crypto::DocKey::Generate()) {}

  // Envelope seq = (number made so far) + 1, chained to the previous one.
  StoredEnvelope Next(std::string_view plaintext = "change") {
    return Make(seq_ + 1, prev_, plaintext, /*advance=*/true);
  }
  // A different envelope for an already used `seq` (a fork), not chained on.
  StoredEnvelope Fork(uint64_t seq, const Hash32& prev, std::string_view plaintext) {
    return Make(seq, prev, plaintext, /*advance=*/false);
  }
  const PublicKey& author() const { return signer_.public_key(); }

 private:
  StoredEnvelope Make(uint64_t seq, const Hash32& prev, std::string_view plaintext,
                      bool advance) {
    crypto::EnvelopeHeader header{doc_, signer_.public_key(), seq, prev,
                                  crypto::KeyHint{1, 2, 3, 4}};
    crypto::Envelope env =
        crypto::SealEnvelope(header, AsBytes(plaintext), key_, signer_);
    StoredEnvelope out;
    out.doc_id = doc_;
    out.author = signer_.public_key();
    out.seq = seq;
    out.hash = crypto::EnvelopeHash(env);
    out.prev = prev;
    out.state = EnvelopeState::kPending;
    out.bytes = crypto::EncodeEnvelope(env);
    if (advance) {
      seq_ = seq;
      prev_ = out.hash;
    }
    return out;
  }

  DocId doc_;
  crypto::SigningKey signer_;
  crypto::DocKey key_;
  uint64_t seq_ = 0;
  Hash32 prev_{};
};

}  // namespace mutual::store::testing
