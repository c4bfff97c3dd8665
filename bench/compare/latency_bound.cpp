#include "bench/compare/latency_bound.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "bench/compare/bench_clock.h"
#include "libsync/crypto/envelope.h"

namespace mutual::bench {

namespace {

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) return;
    ok_ = sqlite3_exec(db_,
                       "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                       "CREATE TABLE env (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL)",
                       nullptr, nullptr, nullptr) == SQLITE_OK &&
          sqlite3_prepare_v2(db_, "INSERT INTO env VALUES (?, ?)", -1, &insert_, nullptr) ==
              SQLITE_OK;
  }
  ~Db() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }
  bool ok() const { return ok_; }
  // One autocommit INSERT: durable when it returns (synchronous=FULL).
  bool Insert(uint64_t seq, const Bytes& bytes) {
    sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(seq));
    sqlite3_bind_blob(insert_, 2, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    const bool done = sqlite3_step(insert_) == SQLITE_DONE;
    sqlite3_reset(insert_);
    return done;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  bool ok_ = false;
};

bool SendAll(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool RecvAll(int fd, uint8_t* p, size_t n) {
  while (n > 0) {
    const ssize_t r = ::recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

class Bound final : public EditBound {
 public:
  Bound(const std::string& dir, size_t plaintext_bytes)
      : sender_(dir + "/bound-a.db"), receiver_(dir + "/bound-b.db"), plaintext_(plaintext_bytes) {
    randombytes_buf(plaintext_.data(), plaintext_.size());
    header_.doc_id = crypto::NewDocId();
    header_.author = signer_.public_key();
  }
  ~Bound() override {
    if (out_ >= 0) ::close(out_);
    if (in_ >= 0) ::close(in_);
  }

  Status Connect() {
    if (!sender_.ok() || !receiver_.ok()) return Status::IOError("bound: cannot open SQLite");
    // A loopback TCP connection, as between the daemons (not a socketpair).
    const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(lfd, 1) != 0 ||
        ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ::close(lfd);
      return Status::IOError("bound: cannot listen");
    }
    out_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(out_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(lfd);
      return Status::IOError("bound: cannot connect");
    }
    in_ = ::accept(lfd, nullptr, nullptr);
    ::close(lfd);
    const int one = 1;
    ::setsockopt(out_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return in_ >= 0 ? Status::Ok() : Status::IOError("bound: cannot accept");
  }

  Result<double> OnceMs() override {
    ++header_.seq;
    const double t0 = NowMs();
    const crypto::Envelope env = crypto::SealEnvelope(header_, plaintext_, key_, signer_);
    const Bytes bytes = crypto::EncodeEnvelope(env);
    header_.prev = crypto::EnvelopeHash(env);
    const uint32_t size = static_cast<uint32_t>(bytes.size());
    uint8_t prefix[4] = {uint8_t(size >> 24), uint8_t(size >> 16), uint8_t(size >> 8),
                         uint8_t(size)};
    if (!sender_.Insert(header_.seq, bytes) || !SendAll(out_, prefix, 4) ||
        !SendAll(out_, bytes.data(), bytes.size()) || !RecvAll(in_, prefix, 4)) {
      return Status::IOError("bound: send failed");
    }
    Bytes got((size_t{prefix[0]} << 24) | (size_t{prefix[1]} << 16) |
              (size_t{prefix[2]} << 8) | prefix[3]);
    if (!RecvAll(in_, got.data(), got.size())) return Status::IOError("bound: receive failed");
    MUTUAL_ASSIGN_OR_RETURN(crypto::Envelope decoded, crypto::DecodeEnvelope(got));
    MUTUAL_ASSIGN_OR_RETURN(crypto::EnvelopeHeader h, crypto::DecodeEnvelopeHeader(decoded.header));
    MUTUAL_RETURN_IF_ERROR(crypto::VerifyEnvelopeSignature(decoded, h));
    MUTUAL_RETURN_IF_ERROR(crypto::OpenEnvelope(decoded, key_).status());
    if (!receiver_.Insert(h.seq, got)) return Status::IOError("bound: commit failed");
    return NowMs() - t0;
  }

 private:
  Db sender_, receiver_;
  const crypto::SigningKey signer_ = crypto::SigningKey::Generate();
  const crypto::DocKey key_ = crypto::DocKey::Generate();
  crypto::EnvelopeHeader header_;
  Bytes plaintext_;
  int out_ = -1, in_ = -1;
};

}  // namespace

Result<std::unique_ptr<EditBound>> EditBound::Open(const std::string& dir,
                                                   size_t plaintext_bytes) {
  auto b = std::make_unique<Bound>(dir, plaintext_bytes);
  MUTUAL_RETURN_IF_ERROR(b->Connect());
  return std::unique_ptr<EditBound>(std::move(b));
}

}  // namespace mutual::bench
