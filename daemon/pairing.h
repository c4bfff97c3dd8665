// Pairing: joining a device to a plan with a short spoken code (DESIGN.md
// §5, doc/pairing.md).
//
//   inviter: `mutual invite` opens a code (channel + two PGP words) for a
//            plan — on a plan with other members, for an invitation they
//            must all approve (`mutual approve`) before the code works —
//            and the daemon accepts one unknown initiator that asks for
//            that channel in its first Noise payload, runs CPace with the
//            code's words, checks key confirmation, then admits the joiner
//            (one signed membership change) and sends the welcome
//   joiner:  `mutual join CODE [--peer HOST:PORT]` dials (without --peer,
//            the device whose LAN invite beacon names the channel), asks for
//            the channel, runs CPace and confirmation, sends its device record
//            and name, and keeps the welcome (the plan's key, sealed to its
//            delivery key); the history then arrives by ordinary sync
//
// A code works for one run: once the inviter processed a joiner's CPace
// message the code is used up, unless that run succeeds. Codes expire.
// Nothing about a failed joiner is stored. The Noise static keys are bound
// to the confirmed signing keys through the exchanged device records.
//
// Thread-safety: everything on the io_context's one thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/device.h"
#include "libsync/crypto/pairing_code.h"
#include "libsync/net/noise_channel.h"

namespace mutual::daemon {

struct PairingOptions {
  // Counted from when the code is printed, or, on a plan with other
  // members, from when this device sees the last approval.
  std::chrono::seconds code_lifetime{600};
  // How long an invite may wait for the other members' approvals.
  std::chrono::seconds approval_lifetime{24 * 3600};
  std::chrono::milliseconds step_timeout{15000};  // each pairing message
  std::chrono::milliseconds connect_timeout{5000};
  net::ChannelOptions channel;
};

// The first Noise payload of a joiner: 0x01 ‖ channel (u16, big-endian).
Bytes PairingRequestPayload(uint16_t channel);
// The channel a first payload asks for; nullopt for an ordinary (sync)
// connection, whose first payload is empty.
std::optional<uint16_t> RequestedPairingChannel(ByteView payload1);

class Pairing {
 public:
  Pairing(net::asio::io_context& io, Device& device, PairingOptions options);

  // The control commands invite, invite wait and join.
  net::awaitable<wire::ControlResponse> Handle(wire::ControlRequest request);
  // Whether an unknown initiator asking for `channel` may pair now (its
  // invitation approved by every member, not expired, not in use).
  bool IsOpen(uint16_t channel);
  // Every channel IsOpen() now (for invite beacons).
  std::vector<uint16_t> OpenChannels();
  // How `join` without an address finds the inviter: the "HOST:PORT" to
  // dial for a channel (LAN discovery, daemon/discovery.h). Without one,
  // such a join fails with a message asking for --peer.
  using InviterFinder = std::function<net::awaitable<Result<std::string>>(uint16_t)>;
  void set_inviter_finder(InviterFinder finder) { find_inviter_ = std::move(finder); }
  // The inviter's side of one pairing run over an established channel.
  net::awaitable<void> Serve(std::unique_ptr<net::NoiseChannel> channel, uint16_t number);

 private:
  struct Invite {
    crypto::PairingCode code;
    std::string plan_id;
    bool my_device = false;
    std::string member;     // the invited member id; "" = no approvals needed
    bool approved = false;  // every current member approved (or none needed)
    std::chrono::steady_clock::time_point expires;
    bool running = false;
    bool consumed = false;          // a run processed a CPace message
    std::optional<Status> outcome;  // set when a run ends having used it up
    std::string joined;
  };

  Result<wire::ControlResponse> Open(const wire::ControlRequest& r);
  // Notices the last approval (the code's lifetime starts then) or that the
  // invitation no longer stands (the invite fails).
  void Refresh(Invite& invite);
  net::awaitable<Result<std::string>> Wait(std::string code);
  net::awaitable<Result<std::string>> Join(std::string code, std::string address);
  net::awaitable<Result<std::string>> RunJoiner(net::NoiseChannel& channel,
                                                const crypto::PairingCode& code,
                                                const std::string& address);
  net::awaitable<Status> RunInviter(net::NoiseChannel& channel, Invite& invite);
  void DropExpired();

  net::asio::io_context& io_;
  Device& device_;
  PairingOptions options_;
  std::map<uint16_t, Invite> invites_;  // by channel
  InviterFinder find_inviter_;
};

}  // namespace mutual::daemon
