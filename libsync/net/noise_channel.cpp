#include "libsync/net/noise_channel.h"

namespace mutual::net {
namespace {

constexpr uint8_t kMoreChunks = 0x01;
constexpr uint8_t kRekeyAfter = 0x02;
// One chunk: a whole frame minus the Poly1305 tag and the flags byte.
constexpr size_t kChunkBytes = kMaxFrameBytes - 16 - 1;

ByteView Prologue() { return AsBytes(crypto::kMutualNoisePrologue); }

// A handshake step that failed: the stream is closed and the reason kept.
Status Abort(FrameStream& stream, Status why) {
  stream.Close();
  return why;
}

}  // namespace

NoiseChannel::NoiseChannel(FrameStream stream, crypto::NoiseTransport transport,
                           const crypto::PublicKey& remote, const crypto::NoiseHash& hash,
                           ChannelOptions options)
    : stream_(std::move(stream)),
      transport_(std::move(transport)),
      remote_static_(remote),
      handshake_hash_(hash),
      options_(options),
      key_since_(std::chrono::steady_clock::now()) {}

Result<std::unique_ptr<NoiseChannel>> NoiseChannel::Finish(FrameStream stream,
                                                           crypto::NoiseHandshake& hs,
                                                           ChannelOptions options) {
  const crypto::PublicKey remote = *hs.remote_static();
  const crypto::NoiseHash hash = hs.HandshakeHash();
  Result<crypto::NoiseTransport> transport = hs.Split();
  if (!transport.ok()) return Abort(stream, transport.status());
  return std::unique_ptr<NoiseChannel>(new NoiseChannel(
      std::move(stream), std::move(transport).value(), remote, hash, options));
}

awaitable<Result<std::unique_ptr<NoiseChannel>>> NoiseChannel::Connect(
    TcpSocket socket, crypto::X25519KeyPair static_key, Bytes payload1,
    CheckResponder check_responder, ChannelOptions options) {
  FrameStream stream(std::move(socket));
  crypto::NoiseHandshake hs = crypto::NoiseHandshake::Initiator(static_key, Prologue());
  Result<Bytes> m1 = hs.WriteMessage(payload1);
  if (!m1.ok()) co_return Abort(stream, m1.status());
  Status st = co_await stream.Write(*m1, options.handshake_timeout);
  if (!st.ok()) co_return st;
  Result<Bytes> m2 = co_await stream.Read(options.handshake_timeout);
  if (!m2.ok()) co_return m2.status();
  Result<Bytes> payload2 = hs.ReadMessage(*m2);
  if (!payload2.ok()) co_return Abort(stream, payload2.status());
  // Decide before message 3, which would reveal who we are.
  Result<Bytes> payload3 = check_responder(*hs.remote_static(), *payload2);
  if (!payload3.ok()) co_return Abort(stream, payload3.status());
  Result<Bytes> m3 = hs.WriteMessage(*payload3);
  if (!m3.ok()) co_return Abort(stream, m3.status());
  st = co_await stream.Write(*m3, options.handshake_timeout);
  if (!st.ok()) co_return st;
  co_return Finish(std::move(stream), hs, options);
}

awaitable<Result<std::unique_ptr<NoiseChannel>>> NoiseChannel::Accept(
    TcpSocket socket, crypto::X25519KeyPair static_key, RespondTo respond,
    CheckInitiator check_initiator, ChannelOptions options) {
  FrameStream stream(std::move(socket));
  crypto::NoiseHandshake hs = crypto::NoiseHandshake::Responder(static_key, Prologue());
  Result<Bytes> m1 = co_await stream.Read(options.handshake_timeout);
  if (!m1.ok()) co_return m1.status();
  Result<Bytes> payload1 = hs.ReadMessage(*m1);
  if (!payload1.ok()) co_return Abort(stream, payload1.status());
  Result<Bytes> payload2 = respond(*payload1);
  if (!payload2.ok()) co_return Abort(stream, payload2.status());
  Result<Bytes> m2 = hs.WriteMessage(*payload2);
  if (!m2.ok()) co_return Abort(stream, m2.status());
  Status st = co_await stream.Write(*m2, options.handshake_timeout);
  if (!st.ok()) co_return st;
  Result<Bytes> m3 = co_await stream.Read(options.handshake_timeout);
  if (!m3.ok()) co_return m3.status();
  Result<Bytes> payload3 = hs.ReadMessage(*m3);
  if (!payload3.ok()) co_return Abort(stream, payload3.status());
  st = check_initiator(*hs.remote_static(), *payload3);
  if (!st.ok()) co_return Abort(stream, st);
  co_return Finish(std::move(stream), hs, options);
}

bool NoiseChannel::RekeyDue() const {
  return sent_with_key_ + 1 >= options_.rekey_messages ||
         std::chrono::steady_clock::now() - key_since_ >= options_.rekey_interval;
}

awaitable<Status> NoiseChannel::Send(ByteView message) {
  if (message.size() > options_.max_message) {
    co_return Status::InvalidArgument("message of " + std::to_string(message.size()) +
                                      " bytes is over the channel's limit");
  }
  size_t pos = 0;
  do {
    const size_t n = std::min(kChunkBytes, message.size() - pos);
    const bool last = pos + n == message.size();
    const bool rekey = last && RekeyDue();
    Bytes plain;
    plain.reserve(1 + n);
    plain.push_back(
        static_cast<uint8_t>((last ? 0 : kMoreChunks) | (rekey ? kRekeyAfter : 0)));
    plain.insert(plain.end(), message.begin() + pos, message.begin() + pos + n);
    Result<Bytes> sealed = transport_.send.EncryptWithAd({}, plain);
    if (!sealed.ok()) co_return sealed.status();
    Status st = co_await stream_.Write(*sealed, options_.send_timeout);
    if (!st.ok()) co_return st;
    ++sent_with_key_;
    if (rekey) {
      Status rekeyed = transport_.send.Rekey();
      if (!rekeyed.ok()) co_return rekeyed;
      sent_with_key_ = 0;
      key_since_ = std::chrono::steady_clock::now();
    }
    pos += n;
  } while (pos < message.size());
  co_return Status::Ok();
}

awaitable<Result<Bytes>> NoiseChannel::Receive(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Bytes message;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    Result<Bytes> frame =
        co_await stream_.Read(std::max(left, std::chrono::milliseconds(1)));
    if (!frame.ok()) co_return frame.status();
    Result<Bytes> plain = transport_.recv.DecryptWithAd({}, *frame);
    if (!plain.ok() || plain->empty() ||
        ((*plain)[0] & ~(kMoreChunks | kRekeyAfter)) != 0) {
      stream_.Close();
      co_return Status::PeerViolation(
          "channel: a transport message did not decrypt or is malformed");
    }
    const uint8_t flags = (*plain)[0];
    if (message.size() + plain->size() - 1 > options_.max_message) {
      stream_.Close();
      co_return Status::PeerViolation("channel: message over the size limit");
    }
    message.insert(message.end(), plain->begin() + 1, plain->end());
    if (flags & kRekeyAfter) {
      Status st = transport_.recv.Rekey();
      if (!st.ok()) co_return st;
    }
    if (!(flags & kMoreChunks)) co_return message;
  }
}

}  // namespace mutual::net
