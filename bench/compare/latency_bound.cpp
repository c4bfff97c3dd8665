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

}  // namespace

Result<double> EditBoundMs(const std::string& dir, int n, size_t plaintext_bytes) {
  Db sender(dir + "/bound-a.db"), receiver(dir + "/bound-b.db");
  if (!sender.ok() || !receiver.ok()) return Status::IOError("bound: cannot open SQLite");
  // A loopback TCP connection, as between the daemons (not a socketpair).
  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(lfd, 1) != 0 ||
      ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    return Status::IOError("bound: cannot listen");
  }
  const int out = ::socket(AF_INET, SOCK_STREAM, 0);
  if (::connect(out, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    return Status::IOError("bound: cannot connect");
  }
  const int in = ::accept(lfd, nullptr, nullptr);
  ::close(lfd);
  const int one = 1;
  ::setsockopt(out, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  const crypto::SigningKey signer = crypto::SigningKey::Generate();
  const crypto::DocKey key = crypto::DocKey::Generate();
  crypto::EnvelopeHeader header;
  header.doc_id = crypto::NewDocId();
  header.author = signer.public_key();
  Bytes plaintext(plaintext_bytes);
  randombytes_buf(plaintext.data(), plaintext.size());
  std::vector<double> ms;
  Status failed;
  for (int i = 1; i <= n && failed.ok(); ++i) {
    header.seq = static_cast<uint64_t>(i);
    const double t0 = NowMs();
    const crypto::Envelope env = crypto::SealEnvelope(header, plaintext, key, signer);
    const Bytes bytes = crypto::EncodeEnvelope(env);
    header.prev = crypto::EnvelopeHash(env);
    const uint32_t size = static_cast<uint32_t>(bytes.size());
    uint8_t prefix[4] = {uint8_t(size >> 24), uint8_t(size >> 16), uint8_t(size >> 8),
                         uint8_t(size)};
    if (!sender.Insert(header.seq, bytes) || !SendAll(out, prefix, 4) ||
        !SendAll(out, bytes.data(), bytes.size()) || !RecvAll(in, prefix, 4)) {
      failed = Status::IOError("bound: send failed");
      break;
    }
    Bytes got((size_t{prefix[0]} << 24) | (size_t{prefix[1]} << 16) |
              (size_t{prefix[2]} << 8) | prefix[3]);
    if (!RecvAll(in, got.data(), got.size())) {
      failed = Status::IOError("bound: receive failed");
      break;
    }
    auto decoded = crypto::DecodeEnvelope(got);
    auto h = decoded.ok() ? crypto::DecodeEnvelopeHeader(decoded->header)
                          : Result<crypto::EnvelopeHeader>(decoded.status());
    if (!h.ok() || !crypto::VerifyEnvelopeSignature(*decoded, *h).ok() ||
        !crypto::OpenEnvelope(*decoded, key).ok() || !receiver.Insert(h->seq, got)) {
      failed = Status::Corruption("bound: the envelope did not open");
      break;
    }
    ms.push_back(NowMs() - t0);
  }
  ::close(out);
  ::close(in);
  MUTUAL_RETURN_IF_ERROR(failed);
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace mutual::bench
