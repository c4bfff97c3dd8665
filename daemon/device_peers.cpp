// Device: the `peers` commands, `verify` (and `verify --confirm`), and when
// each peer device was last seen — kept, sealed, in the store's peers table.
#include <cstdio>

#include "daemon/device.h"
#include "libsync/crypto/safety_number.h"
#include "libsync/net/tcp_connect.h"
#include "libsync/plan/render_json_writer.h"
#include "libsync/plan/render_util.h"

namespace mutual::daemon {
namespace {

// One known device as `peers` lists it.
struct PeerRow {
  crypto::PublicKey device{};
  std::string member;  // the member's name (or the pairing label)
  std::vector<std::pair<std::string, std::string>> plans;      // id, title
  std::vector<std::pair<std::string, std::string>> addresses;  // address, how
  store::PeerSeen seen;
  bool connected = false;
};

// Stored addresses read "dialed HOST:PORT" or "seen HOST".
std::pair<std::string, std::string> SplitAddress(const std::string& stored) {
  const size_t space = stored.find(' ');
  if (space == std::string::npos) return {stored, "dialed"};
  return {stored.substr(space + 1), stored.substr(0, space)};
}

std::string RenderPeersJson(const std::vector<PeerRow>& rows,
                            const std::vector<std::string>& dial) {
  plan::render::JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-peers");
  w.Int("version", 1);
  w.Key("devices");
  w.BeginArray();
  for (const PeerRow& row : rows) {
    w.BeginObject();
    w.Str("device_id", ToHex(row.device));
    w.Str("device", ToHex(ByteView(row.device.data(), 4)));
    w.Str("member", row.member);
    w.Key("plans");
    w.BeginArray();
    for (const auto& [id, title] : row.plans) {
      w.BeginObject();
      w.Str("id", id);
      w.Str("title", title);
      w.EndObject();
    }
    w.EndArray();
    w.Key("addresses");
    w.BeginArray();
    for (const auto& [address, how] : row.addresses) {
      w.BeginObject();
      w.Str("address", address);
      w.Str("how", how);
      w.EndObject();
    }
    w.EndArray();
    w.Bool("connected", row.connected);
    w.Int("last_seen_ms", row.seen.last_seen_ms);
    w.StrOrNull("last_seen", plan::render::FormatIso(row.seen.last_seen_ms));
    w.Bool("verified", row.seen.verified_ms != 0);
    w.Int("verified_ms", row.seen.verified_ms);
    w.StrOrNull("verified_at", plan::render::FormatIso(row.seen.verified_ms));
    w.EndObject();
  }
  w.EndArray();
  w.Strings("dial", dial);
  w.EndObject();
  return w.Take();
}

std::string RenderPeersText(const std::vector<PeerRow>& rows,
                            const std::vector<std::string>& dial) {
  std::string text;
  for (const PeerRow& row : rows) {
    text += (row.member.empty() ? "(unknown member)" : row.member) + "  device " +
            ToHex(row.device).substr(0, 16) + "  " +
            (row.seen.verified_ms != 0 ? "verified" : "not verified") + "\n";
    std::string plans;
    for (const auto& [id, title] : row.plans) {
      plans += (plans.empty() ? "" : ", ") + title + " (" + id.substr(0, 8) + ")";
    }
    text += "  plans:      " + (plans.empty() ? "none yet" : plans) + "\n";
    std::string addresses;
    for (const auto& [address, how] : row.addresses) {
      addresses += (addresses.empty() ? "" : ", ") + address + " (" + how + ")";
    }
    text += "  addresses:  " + (addresses.empty() ? "none yet" : addresses) + "\n";
    const std::string seen = plan::render::FormatUtc(row.seen.last_seen_ms);
    text += "  last seen:  " + (seen.empty() ? "never" : seen) +
            (row.connected ? " (connected now)" : "") + "\n";
  }
  if (rows.empty()) text += "no other member devices yet\n";
  for (const std::string& a : dial) text += "dial " + a + "\n";
  return text;
}

}  // namespace

Status Device::PeersAdd(const wire::ControlRequest& r) {
  const std::string& a = r.address;
  MUTUAL_RETURN_IF_ERROR(net::ParseHostPort(a).status());
  MUTUAL_RETURN_IF_ERROR(store_->AddDialAddress(a));
  if (dial_listener_) dial_listener_(a);
  return Status::Ok();
}

Status Device::EnsurePeer(const crypto::PublicKey& device) {
  Result<store::PeerInfo> known = store_->GetPeer(device);
  if (known.ok() || !known.status().IsNotFound()) return known.status();
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    const Bytes* record = ms.RecordOf(device);
    if (record == nullptr) continue;
    MUTUAL_ASSIGN_OR_RETURN(crypto::DeviceRecord decoded,
                            crypto::DecodeDeviceRecord(*record));
    const plan::Member* m = ms.OwnerOf(device);
    return store_->PutPeer({decoded, m ? m->name : ""});
  }
  return Status::NotFound("no plan here names that device");
}

void Device::NoteSession(const crypto::PublicKey& device, bool started,
                         const std::string& address, bool dialed) {
  const int open = sessions_[device] + (started ? 1 : -1);
  if (open > 0) {
    sessions_[device] = open;
  } else {
    sessions_.erase(device);
  }
  if (!store_) return;
  Status st = [&]() -> Status {
    MUTUAL_RETURN_IF_ERROR(EnsurePeer(device));
    MUTUAL_ASSIGN_OR_RETURN(store::PeerSeen seen, store_->GetPeerSeen(device));
    seen.last_seen_ms = Now();
    MUTUAL_RETURN_IF_ERROR(store_->SetPeerSeen(device, seen));
    if (!started || address.empty()) return Status::Ok();
    return store_->AddPeerAddress(device, (dialed ? "dialed " : "seen ") + address);
  }();
  if (!st.ok()) {
    std::fprintf(stderr, "mutuald: could not record when a peer device was seen: %s\n",
                 st.message().c_str());
  }
}

Result<wire::ControlResponse> Device::Peers(const wire::ControlRequest& r) {
  // Member devices of every plan (but ours), then devices met by pairing
  // whose plan history has not named them yet.
  std::vector<PeerRow> rows;
  auto row_of = [&rows](const crypto::PublicKey& d) -> PeerRow& {
    for (PeerRow& row : rows) {
      if (row.device == d) return row;
    }
    rows.push_back(PeerRow{});
    rows.back().device = d;
    return rows.back();
  };
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    for (const plan::Member& m : ms.members()) {
      if (m.former) continue;
      for (const crdt::ActorId& d : m.devices) {
        if (d == p->plan().device()) continue;
        PeerRow& row = row_of(d);
        row.member = m.name;
        row.plans.emplace_back(id, p->plan().Title());
      }
    }
  }
  MUTUAL_ASSIGN_OR_RETURN(std::vector<store::PeerInfo> paired, store_->ListPeers());
  for (const store::PeerInfo& peer : paired) {
    PeerRow& row = row_of(peer.device.signing_key);
    if (row.member.empty()) row.member = peer.label;
  }
  for (PeerRow& row : rows) {
    row.connected = sessions_.count(row.device) > 0;
    Result<store::PeerSeen> seen = store_->GetPeerSeen(row.device);
    if (seen.ok()) row.seen = *seen;
    Result<std::vector<std::string>> addresses = store_->PeerAddresses(row.device);
    if (!addresses.ok()) continue;  // NotFound: never seen, no row yet
    for (const std::string& a : *addresses) row.addresses.push_back(SplitAddress(a));
  }
  const std::vector<std::string> dial = DialAddresses();
  wire::ControlResponse out;
  out.kind = wire::ResultKind::kRendered;
  const bool json = r.format == "json";
  out.content_type = json ? "application/json" : "text/plain";
  out.body = ToBytes(json ? RenderPeersJson(rows, dial) : RenderPeersText(rows, dial));
  return out;
}

// Safety numbers between this device and each device of the other members
// (or of `r.name` only): the same digits appear on their screen.
Result<wire::ControlResponse> Device::Verify(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  const plan::Membership ms = p->plan().members();
  const crypto::PublicKey& me = p->plan().device();
  std::string only;
  if (!r.name.empty()) {
    MUTUAL_ASSIGN_OR_RETURN(only, ResolveMember(p->plan(), r.name));
  }
  std::string text;
  bool matched = false;
  for (const plan::Member& m : ms.members()) {
    if (m.former || m.id == p->plan().member()) continue;
    if (!only.empty() && m.id != only) continue;
    matched = true;
    for (const crdt::ActorId& d : m.devices) {
      Result<store::PeerSeen> seen = store_->GetPeerSeen(d);
      const bool verified = seen.ok() && seen->verified_ms != 0;
      text += m.name + ", device " + ToHex(d).substr(0, 8) +
              (verified ? " (verified in person " +
                              plan::render::FormatUtc(seen->verified_ms) + ")"
                        : "") +
              ":\n  " + crypto::SafetyNumber(me, d) + "\n";
    }
  }
  if (!matched) {
    return Status::NotFound(only.empty()
                                ? "this plan has no other members yet"
                                : "that is you: verify compares with someone else");
  }
  text +=
      "Compare these digits with the other person, in person or on a call you trust.\n"
      "If they match, nobody sits between your devices; then record it with\n"
      "`mutual verify --confirm MEMBER`.\n";
  wire::ControlResponse out;
  out.kind = wire::ResultKind::kRendered;
  out.content_type = "text/plain";
  out.body = ToBytes(text);
  return out;
}

// `verify --confirm MEMBER`: the person compared the safety numbers of
// every current device of MEMBER in person.
Status Device::ConfirmVerified(const wire::ControlRequest& r) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(r.plan));
  MUTUAL_ASSIGN_OR_RETURN(std::string who, ResolveMember(p->plan(), r.name));
  if (who == p->plan().member()) {
    return Status::InvalidArgument("that is you: confirm someone else's devices");
  }
  const plan::Membership ms = p->plan().members();
  const plan::Member* m = ms.Find(who);
  if (m == nullptr) return Status::NotFound("no member " + who);
  MUTUAL_ASSIGN_OR_RETURN(store::Transaction txn, store_->Begin());
  for (const crdt::ActorId& d : m->devices) {
    MUTUAL_RETURN_IF_ERROR(EnsurePeer(d));
    MUTUAL_ASSIGN_OR_RETURN(store::PeerSeen seen, store_->GetPeerSeen(d));
    seen.verified_ms = Now();
    MUTUAL_RETURN_IF_ERROR(store_->SetPeerSeen(d, seen));
  }
  return txn.Commit();
}

}  // namespace mutual::daemon
