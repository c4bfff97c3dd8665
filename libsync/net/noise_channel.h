// NoiseChannel: an authenticated, encrypted peer connection — the Noise XX
// handshake (crypto/noise.h) run over a FrameStream, then application
// messages of up to `max_message` bytes carried as one or more Noise
// transport messages (doc/noise.md, "Channel").
//
// Each transport message's plaintext is one flags byte and a chunk:
//   bit 0  more chunks of this application message follow
//   bit 1  the sender rekeys its sending CipherState after this message;
//          the receiver rekeys its receiving one after reading it
// A sender asks for a rekey after 2^20 messages or an hour with one key
// (DESIGN.md §5), so both sides always agree on when it happens. Any other
// flag bit, a message over `max_message`, or a transport message that does
// not decrypt is a PeerViolation, and the channel is closed.
//
// Handshake policy is the caller's: the initiator's `check_responder` sees
// the responder's static key and payload of message 2 before message 3 is
// sent (and may abort: the initiator's own identity then stays hidden); the
// responder's `check_initiator` sees the initiator's static key and message
// 3 payload before the channel is returned.
//
// Thread-safety: one coroutine sends and one receives at a time, on the
// socket's executor.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "libsync/crypto/noise.h"
#include "libsync/net/frame_stream.h"

namespace mutual::net {

struct ChannelOptions {
  std::chrono::milliseconds handshake_timeout{10000};  // for each handshake message
  std::chrono::milliseconds send_timeout{10000};
  size_t max_message = 1 << 20;  // application message limit, bytes
  uint64_t rekey_messages = uint64_t{1} << 20;
  std::chrono::seconds rekey_interval{3600};
};

class NoiseChannel {
 public:
  // The initiator's decision after message 2: the payload for message 3,
  // or an error to abort with (nothing more is sent).
  using CheckResponder = std::function<Result<Bytes>(
      const crypto::PublicKey& responder_static, ByteView payload2)>;
  // The responder's answer to message 1: the payload for message 2.
  using RespondTo = std::function<Result<Bytes>(ByteView payload1)>;
  // The responder's decision after message 3.
  using CheckInitiator =
      std::function<Status(const crypto::PublicKey& initiator_static, ByteView payload3)>;

  static awaitable<Result<std::unique_ptr<NoiseChannel>>> Connect(
      TcpSocket socket, crypto::X25519KeyPair static_key, Bytes payload1,
      CheckResponder check_responder, ChannelOptions options = {});
  static awaitable<Result<std::unique_ptr<NoiseChannel>>> Accept(
      TcpSocket socket, crypto::X25519KeyPair static_key, RespondTo respond,
      CheckInitiator check_initiator, ChannelOptions options = {});

  // Sends one application message (chunked as needed).
  awaitable<Status> Send(ByteView message);
  // The next application message; Unavailable when `timeout` passes first.
  awaitable<Result<Bytes>> Receive(std::chrono::milliseconds timeout);
  void Close() { stream_.Close(); }
  auto executor() { return stream_.socket().get_executor(); }
  bool is_open() const { return stream_.is_open(); }

  const crypto::PublicKey& remote_static() const { return remote_static_; }
  // The final handshake hash: the same on both sides, unique to this
  // session (CPace's sid in pairing).
  const crypto::NoiseHash& handshake_hash() const { return handshake_hash_; }

 private:
  NoiseChannel(FrameStream stream, crypto::NoiseTransport transport,
               const crypto::PublicKey& remote, const crypto::NoiseHash& hash,
               ChannelOptions options);
  static Result<std::unique_ptr<NoiseChannel>> Finish(FrameStream stream,
                                                      crypto::NoiseHandshake& hs,
                                                      ChannelOptions options);
  bool RekeyDue() const;

  FrameStream stream_;
  crypto::NoiseTransport transport_;
  crypto::PublicKey remote_static_;
  crypto::NoiseHash handshake_hash_;
  ChannelOptions options_;
  uint64_t sent_with_key_ = 0;
  std::chrono::steady_clock::time_point key_since_;
};

}  // namespace mutual::net
