#include "daemon/pairing.h"

#include <sodium.h>

#include "libsync/crypto/cpace_confirm.h"
#include "libsync/crypto/cpace_pairing.h"
#include "libsync/net/tcp_connect.h"
#include "libsync/wire/pair_codec.h"

namespace mutual::daemon {
namespace {

constexpr uint8_t kPairRequest = 0x01;

wire::ControlResponse DoneWith(std::string id) {
  wire::ControlResponse r;
  r.kind = wire::ResultKind::kDone;
  r.created_id = std::move(id);
  return r;
}

net::awaitable<Status> SendPair(net::NoiseChannel& ch, const wire::PairMessage& m) {
  Result<Bytes> bytes = wire::EncodePairMessage(m);
  if (!bytes.ok()) co_return bytes.status();
  co_return co_await ch.Send(*bytes);
}

net::awaitable<Result<wire::PairMessage>> RecvPair(net::NoiseChannel& ch,
                                                   wire::PairKind want,
                                                   std::chrono::milliseconds timeout) {
  Result<Bytes> bytes = co_await ch.Receive(timeout);
  if (!bytes.ok()) co_return bytes.status();
  Result<wire::PairMessage> m = wire::DecodePairMessage(*bytes);
  if (!m.ok()) co_return m.status();
  if (m->kind != want) co_return Status::PeerViolation("pairing: unexpected message");
  co_return m;
}

wire::PairMessage CPaceMessage(const crypto::CPaceParty& party) {
  wire::PairMessage m;
  m.kind = wire::PairKind::kCPace;
  m.y = ToBytes(party.Message());
  m.ad = party.ad();
  return m;
}

wire::PairMessage ConfirmMessage(const crypto::CPaceKeyConfirmation& c) {
  wire::PairMessage m;
  m.kind = wire::PairKind::kConfirm;
  m.tag = ToBytes(c.own_tag());
  return m;
}

// The peer's device record must carry the signing key CPace confirmed and
// the Noise key the channel authenticated: that binds all three.
Result<crypto::DeviceRecord> CheckRecord(ByteView bytes, const crypto::PublicKey& signing,
                                         const crypto::PublicKey& noise) {
  auto record = crypto::DecodeDeviceRecord(bytes);
  if (!record.ok()) return Status::PeerViolation("pairing: bad device record");
  if (record->signing_key != signing || record->noise_key != noise) {
    return Status::PeerViolation("pairing: the device record is not the paired device's");
  }
  return record;
}

const Status kWrongCode = Status::PermissionDenied(
    "pairing failed: the code did not match (or someone interfered); the code is used "
    "up, ask for a new one");

}  // namespace

Bytes PairingRequestPayload(uint16_t channel) {
  return {kPairRequest, static_cast<uint8_t>(channel >> 8),
          static_cast<uint8_t>(channel)};
}

std::optional<uint16_t> RequestedPairingChannel(ByteView payload1) {
  if (payload1.size() != 3 || payload1[0] != kPairRequest) return std::nullopt;
  return static_cast<uint16_t>(payload1[1] << 8 | payload1[2]);
}

Pairing::Pairing(net::asio::io_context& io, Device& device, PairingOptions options)
    : io_(io), device_(device), options_(options) {}

void Pairing::DropExpired() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = invites_.begin(); it != invites_.end();) {
    if (it->second.expires <= now && !it->second.running && !it->second.outcome) {
      it = invites_.erase(it);
    } else {
      ++it;
    }
  }
}

bool Pairing::IsOpen(uint16_t channel) {
  auto it = invites_.find(channel);
  if (it == invites_.end()) return false;
  Invite& invite = it->second;
  Refresh(invite);
  return invite.approved && !invite.running && !invite.outcome &&
         invite.expires > std::chrono::steady_clock::now();
}

void Pairing::Refresh(Invite& invite) {
  if (invite.approved || invite.outcome) return;
  auto waiting = device_.AwaitedApprovals(invite.plan_id, invite.member);
  if (!waiting.ok()) {
    invite.outcome = Status::FailedPrecondition(
        "the invitation no longer stands (" + waiting.status().message() + ")");
  } else if (waiting->empty()) {
    invite.approved = true;
    invite.expires = std::chrono::steady_clock::now() + options_.code_lifetime;
  }
}

std::vector<uint16_t> Pairing::OpenChannels() {
  std::vector<uint16_t> out;
  for (const auto& [channel, invite] : invites_) {
    if (IsOpen(channel)) out.push_back(channel);
  }
  return out;
}

Result<wire::ControlResponse> Pairing::Open(const wire::ControlRequest& r) {
  DropExpired();
  MUTUAL_ASSIGN_OR_RETURN(Device::InviteTarget target,
                          device_.PlanForInvite(r.plan, r.my_device, r.name));
  // A free channel, picked at random so codes do not follow one another.
  for (int attempt = 0; attempt < 64; ++attempt) {
    uint8_t random[4];
    randombytes_buf(random, sizeof(random));
    const int channel = 1 + (random[0] << 8 | random[1]) % crypto::kMaxPairingChannel;
    if (invites_.count(static_cast<uint16_t>(channel)) != 0) continue;
    MUTUAL_ASSIGN_OR_RETURN(
        crypto::PairingCode code,
        crypto::NewPairingCode(channel, std::span<const uint8_t, 2>(random + 2, 2)));
    Invite& invite = invites_[static_cast<uint16_t>(channel)];
    invite.code = code;
    invite.plan_id = target.plan_id;
    invite.my_device = r.my_device;
    invite.member = target.member;
    invite.approved = target.waiting_for.empty();
    invite.expires = std::chrono::steady_clock::now() +
                     (invite.approved ? options_.code_lifetime : options_.approval_lifetime);
    wire::ControlResponse out = DoneWith(code.Text());
    if (!invite.approved) {
      std::string names;
      for (const std::string& n : target.waiting_for) {
        names += (names.empty() ? "" : ", ") + n;
      }
      out.detail = "the code works once " + names + " approved adding " + r.name +
                   " (on their device: mutual approve " + target.member + ")";
    }
    return out;
  }
  return Status::Unavailable("too many open invites");
}

net::awaitable<Result<std::string>> Pairing::Wait(std::string text) {
  auto code = crypto::ParsePairingCode(text);
  if (!code.ok()) co_return code.status();
  net::asio::steady_timer timer(io_);
  for (;;) {
    auto it = invites_.find(code->channel);
    if (it == invites_.end() || !(it->second.code == *code)) {
      co_return Status::NotFound("no open invite with this code (it expired?)");
    }
    Invite& invite = it->second;
    Refresh(invite);
    if (invite.outcome) {
      Status outcome = *invite.outcome;
      std::string joined = invite.joined;
      invites_.erase(it);
      if (!outcome.ok()) co_return outcome;
      co_return joined;
    }
    if (!invite.running && invite.expires <= std::chrono::steady_clock::now()) {
      invites_.erase(it);
      co_return Status::Unavailable(invite.approved
                                        ? "the code expired before anyone used it"
                                        : "the other members did not approve in time");
    }
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(net::kUseTuple);
  }
}

net::awaitable<void> Pairing::Serve(std::unique_ptr<net::NoiseChannel> channel,
                                    uint16_t number) {
  if (!IsOpen(number)) co_return;  // taken or expired meanwhile
  Invite& invite = invites_.at(number);
  invite.running = true;
  Status st = co_await RunInviter(*channel, invite);
  channel->Close();
  auto it = invites_.find(number);
  if (it == invites_.end()) co_return;
  it->second.running = false;
  // A run that never got to CPace leaves the code open.
  if (st.ok() || it->second.consumed) it->second.outcome = st;
}

net::awaitable<Status> Pairing::RunInviter(net::NoiseChannel& channel, Invite& invite) {
  auto first = co_await RecvPair(channel, wire::PairKind::kCPace, options_.step_timeout);
  if (!first.ok()) co_return first.status();
  auto joiner_key = crypto::ParsePairingCPaceAd(crypto::CPaceRole::kInitiator, first->ad);
  if (!joiner_key.ok()) co_return joiner_key.status();
  crypto::CPaceParty party = crypto::StartPairingCPace(
      crypto::CPaceRole::kResponder, invite.code.Prs(), channel.handshake_hash(),
      device_.signing_key().public_key());
  // From here the code is spent unless this run succeeds (one guess per code).
  invite.consumed = true;
  auto isk = party.Receive(first->y, first->ad);
  if (!isk.ok()) co_return kWrongCode;
  crypto::CPaceKeyConfirmation confirm(party.sid(), *isk, party.Message(), party.ad(),
                                       first->y, first->ad);
  Status st = co_await SendPair(channel, CPaceMessage(party));
  if (st.ok()) st = co_await SendPair(channel, ConfirmMessage(confirm));
  if (!st.ok()) co_return st;
  auto ta = co_await RecvPair(channel, wire::PairKind::kConfirm, options_.step_timeout);
  if (!ta.ok() || !confirm.CheckPeerTag(ta->tag).ok()) co_return kWrongCode;
  // Both confirmed: only now does anything about the plan travel.
  auto join = co_await RecvPair(channel, wire::PairKind::kJoin, options_.step_timeout);
  if (!join.ok()) co_return join.status();
  auto record = CheckRecord(join->device_record, *joiner_key, channel.remote_static());
  if (!record.ok()) co_return record.status();
  auto welcome = device_.AdmitJoiner(invite.plan_id, *record, join->name, invite.member,
                                     invite.my_device);
  if (!welcome.ok()) co_return welcome.status();
  wire::PairMessage w;
  w.kind = wire::PairKind::kWelcome;
  w.doc_id = welcome->doc;
  w.keys = std::move(welcome->keys);
  w.inviter_record = device_.DeviceRecordBytes();
  st = co_await SendPair(channel, w);
  if (!st.ok()) co_return st;
  invite.joined = join->name;
  co_return Status::Ok();
}

net::awaitable<Result<std::string>> Pairing::Join(std::string text, std::string address) {
  auto code = crypto::ParsePairingCode(text);
  if (!code.ok()) co_return code.status();
  const crypto::X25519KeyPair* key = device_.noise_key();
  if (key == nullptr) {
    co_return Status::FailedPrecondition(
        "set this device up first: mutual init --name NAME");
  }
  if (address.empty()) {
    if (!find_inviter_) {
      co_return Status::FailedPrecondition(
          "LAN discovery is off on this device, so the inviting device cannot be "
          "found: give its address with --peer HOST:PORT");
    }
    Result<std::string> found = co_await find_inviter_(code->channel);
    if (!found.ok()) co_return found.status();
    address = *found;
  }
  auto socket = co_await net::ConnectTcp(address, options_.connect_timeout);
  if (!socket.ok()) co_return socket.status();
  // The inviter is not known yet: CPace and its record vouch for it below.
  auto channel = co_await net::NoiseChannel::Connect(
      std::move(socket).value(), *key, PairingRequestPayload(code->channel),
      [](const crypto::PublicKey&, ByteView) -> Result<Bytes> { return Bytes{}; },
      options_.channel);
  if (!channel.ok()) co_return channel.status();
  Result<std::string> joined = co_await RunJoiner(**channel, *code, address);
  (*channel)->Close();
  co_return joined;
}

net::awaitable<Result<std::string>> Pairing::RunJoiner(net::NoiseChannel& channel,
                                                       const crypto::PairingCode& code,
                                                       const std::string& address) {
  crypto::CPaceParty party = crypto::StartPairingCPace(
      crypto::CPaceRole::kInitiator, code.Prs(), channel.handshake_hash(),
      device_.signing_key().public_key());
  Status st = co_await SendPair(channel, CPaceMessage(party));
  if (!st.ok()) co_return st;
  auto theirs = co_await RecvPair(channel, wire::PairKind::kCPace, options_.step_timeout);
  if (!theirs.ok()) co_return kWrongCode;  // the inviter hung up: no such open code
  auto inviter_key =
      crypto::ParsePairingCPaceAd(crypto::CPaceRole::kResponder, theirs->ad);
  if (!inviter_key.ok()) co_return inviter_key.status();
  auto isk = party.Receive(theirs->y, theirs->ad);
  if (!isk.ok()) co_return kWrongCode;
  crypto::CPaceKeyConfirmation confirm(party.sid(), *isk, party.Message(), party.ad(),
                                       theirs->y, theirs->ad);
  auto tb = co_await RecvPair(channel, wire::PairKind::kConfirm, options_.step_timeout);
  if (!tb.ok() || !confirm.CheckPeerTag(tb->tag).ok()) co_return kWrongCode;
  st = co_await SendPair(channel, ConfirmMessage(confirm));
  if (!st.ok()) co_return st;
  wire::PairMessage join;
  join.kind = wire::PairKind::kJoin;
  join.device_record = device_.DeviceRecordBytes();
  join.name = device_.person_name();
  st = co_await SendPair(channel, join);
  if (!st.ok()) co_return st;
  auto welcome =
      co_await RecvPair(channel, wire::PairKind::kWelcome, options_.step_timeout);
  if (!welcome.ok()) co_return welcome.status().WithContext("pairing: no welcome");
  auto inviter =
      CheckRecord(welcome->inviter_record, *inviter_key, channel.remote_static());
  if (!inviter.ok()) co_return inviter.status();
  co_return device_.AcceptWelcome(welcome->doc_id, welcome->keys, *inviter, address);
}

net::awaitable<wire::ControlResponse> Pairing::Handle(wire::ControlRequest r) {
  Result<std::string> out = Status::InvalidArgument("not a pairing command");
  switch (r.command) {
    case wire::Command::kInvite: {
      Result<wire::ControlResponse> opened = Open(r);
      wire::ControlResponse response = opened.ok() ? std::move(opened).value()
                                                   : wire::ControlResponse::FromStatus(
                                                         r.id, opened.status());
      response.id = r.id;
      co_return response;
    }
    case wire::Command::kInviteWait:
      out = co_await Wait(r.code);
      break;
    case wire::Command::kJoin:
      out = co_await Join(r.code, r.address);
      break;
    default:
      break;
  }
  wire::ControlResponse response =
      out.ok() ? DoneWith(*out) : wire::ControlResponse::FromStatus(r.id, out.status());
  response.id = r.id;
  co_return response;
}

}  // namespace mutual::daemon
