// Store: known peer devices and their addresses, all sealed. Rows are found
// by keyed tags (StorageKey::Tag), so the table holds no signing key or
// address in the clear.
#include "libsync/store/store.h"
#include "libsync/util/leb128.h"

namespace mutual::store {
namespace {

constexpr std::string_view kPeerTagPurpose = "peers.signing_key";
constexpr std::string_view kAddressTagPurpose = "peer_addresses.address";
constexpr std::string_view kPeerSlot = "peers.record";
constexpr std::string_view kAddressSlot = "peer_addresses.address";
constexpr std::string_view kDialTagPurpose = "dial_addresses.address";
constexpr std::string_view kDialSlot = "dial_addresses.address";
constexpr std::string_view kSeenSlot = "peers.seen";
constexpr uint8_t kPeerRecordVersion = 1;
constexpr uint8_t kSeenVersion = 1;
constexpr size_t kMaxLabelBytes = 4096;

Bytes EncodePeer(const PeerInfo& peer) {
  ByteWriter w;
  w.U8(kPeerRecordVersion);
  w.Raw(crypto::EncodeDeviceRecord(peer.device));
  w.String(peer.label);
  return w.Take();
}

Result<PeerInfo> DecodePeer(ByteView bytes) {
  ByteReader r(bytes);
  auto version = r.U8();
  if (!version.ok() || *version != kPeerRecordVersion) {
    return Status::Corruption("stored peer record has an unknown version");
  }
  MUTUAL_ASSIGN_OR_RETURN(ByteView record, r.Raw(crypto::kDeviceRecordBytes));
  auto device = crypto::DecodeDeviceRecord(record);
  if (!device.ok()) {
    return Status::Corruption("stored peer device record is invalid: " +
                              device.status().message());
  }
  MUTUAL_ASSIGN_OR_RETURN(std::string label, r.Utf8String(kMaxLabelBytes));
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  return PeerInfo{*device, std::move(label)};
}

Bytes EncodeSeen(const PeerSeen& seen) {
  ByteWriter w;
  w.U8(kSeenVersion);
  w.SignedVarint(seen.last_seen_ms);
  w.SignedVarint(seen.verified_ms);
  return w.Take();
}

Result<PeerSeen> DecodeSeen(ByteView bytes) {
  ByteReader r(bytes);
  auto version = r.U8();
  if (!version.ok() || *version != kSeenVersion) {
    return Status::Corruption("stored peer last-seen record has an unknown version");
  }
  PeerSeen seen;
  MUTUAL_ASSIGN_OR_RETURN(seen.last_seen_ms, r.SignedVarint());
  MUTUAL_ASSIGN_OR_RETURN(seen.verified_ms, r.SignedVarint());
  MUTUAL_RETURN_IF_ERROR(r.ExpectEnd());
  return seen;
}

Bytes AddressRow(const Hash32& peer_tag, const Hash32& address_tag) {
  Bytes row(peer_tag.begin(), peer_tag.end());
  Append(row, address_tag);
  return row;
}

Status PeerNotFound() { return Status::NotFound("no such peer device"); }

}  // namespace

Status Store::PutPeer(const PeerInfo& peer) {
  if (peer.label.size() > kMaxLabelBytes)
    return Status::InvalidArgument("peer label too long");
  Hash32 tag = key_.Tag(kPeerTagPurpose, peer.device.signing_key);
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("INSERT INTO peers (tag, record_sealed) VALUES (?1, ?2) "
                                "ON CONFLICT (tag) DO UPDATE SET "
                                "record_sealed = excluded.record_sealed"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, tag));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kPeerSlot, tag, EncodePeer(peer))));
  return st.Run();
}

Result<PeerInfo> Store::GetPeer(const PublicKey& signing_key) {
  Hash32 tag = key_.Tag(kPeerTagPurpose, signing_key);
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT record_sealed FROM peers WHERE tag = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, tag));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return PeerNotFound();
  MUTUAL_ASSIGN_OR_RETURN(Bytes plain,
                          OpenAtRest(key_, kPeerSlot, tag, st.ColumnBlob(0)));
  return DecodePeer(plain);
}

Result<std::vector<PeerInfo>> Store::ListPeers() {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("SELECT tag, record_sealed FROM peers ORDER BY peer_id"));
  std::vector<PeerInfo> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    MUTUAL_ASSIGN_OR_RETURN(Hash32 tag, st.ColumnFixed<32>(0));
    MUTUAL_ASSIGN_OR_RETURN(Bytes plain,
                            OpenAtRest(key_, kPeerSlot, tag, st.ColumnBlob(1)));
    MUTUAL_ASSIGN_OR_RETURN(PeerInfo peer, DecodePeer(plain));
    out.push_back(std::move(peer));
  }
  return out;
}

Status Store::RemovePeer(const PublicKey& signing_key) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st, db_.Prepare("DELETE FROM peers WHERE tag = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, key_.Tag(kPeerTagPurpose, signing_key)));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? PeerNotFound() : Status::Ok();
}

Status Store::AddPeerAddress(const PublicKey& signing_key, std::string_view address) {
  Hash32 peer_tag = key_.Tag(kPeerTagPurpose, signing_key);
  Hash32 address_tag = key_.Tag(kAddressTagPurpose, AsBytes(address));
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT INTO peer_addresses (peer_id, tag, address_sealed) "
                  "SELECT peer_id, ?2, ?3 FROM peers WHERE tag = ?1 "
                  "ON CONFLICT DO NOTHING"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, peer_tag));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(2, address_tag));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(3, SealAtRest(key_, kAddressSlot, AddressRow(peer_tag, address_tag),
                                AsBytes(address))));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  if (db_.Changes() == 0) {
    // Either the address was already there or the peer is unknown.
    MUTUAL_RETURN_IF_ERROR(GetPeer(signing_key).status());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> Store::PeerAddresses(const PublicKey& signing_key) {
  Hash32 peer_tag = key_.Tag(kPeerTagPurpose, signing_key);
  MUTUAL_RETURN_IF_ERROR(GetPeer(signing_key).status());
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("SELECT a.tag, a.address_sealed FROM peer_addresses a JOIN peers p "
                  "ON a.peer_id = p.peer_id WHERE p.tag = ?1 ORDER BY a.tag"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, peer_tag));
  std::vector<std::string> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    MUTUAL_ASSIGN_OR_RETURN(Hash32 address_tag, st.ColumnFixed<32>(0));
    MUTUAL_ASSIGN_OR_RETURN(
        Bytes plain, OpenAtRest(key_, kAddressSlot, AddressRow(peer_tag, address_tag),
                                st.ColumnBlob(1)));
    out.emplace_back(AsChars(plain));
  }
  return out;
}

Status Store::SetPeerSeen(const PublicKey& signing_key, const PeerSeen& seen) {
  const Hash32 tag = key_.Tag(kPeerTagPurpose, signing_key);
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st, db_.Prepare("UPDATE peers SET seen_sealed = ?2 WHERE tag = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, tag));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kSeenSlot, tag, EncodeSeen(seen))));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? PeerNotFound() : Status::Ok();
}

Result<PeerSeen> Store::GetPeerSeen(const PublicKey& signing_key) {
  const Hash32 tag = key_.Tag(kPeerTagPurpose, signing_key);
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("SELECT seen_sealed FROM peers WHERE tag = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, tag));
  MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return PeerNotFound();
  const Bytes sealed = st.ColumnBlob(0);
  if (sealed.empty())
    return PeerSeen{};  // NULL: never set (sealed values never are empty)
  MUTUAL_ASSIGN_OR_RETURN(Bytes plain, OpenAtRest(key_, kSeenSlot, tag, sealed));
  return DecodeSeen(plain);
}

Status Store::AddDialAddress(std::string_view address) {
  const Hash32 tag = key_.Tag(kDialTagPurpose, AsBytes(address));
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("INSERT INTO dial_addresses (tag, address_sealed) "
                                      "VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, tag));
  MUTUAL_RETURN_IF_ERROR(
      st.BindBlob(2, SealAtRest(key_, kDialSlot, tag, AsBytes(address))));
  return st.Run();
}

Status Store::RemoveDialAddress(std::string_view address) {
  MUTUAL_ASSIGN_OR_RETURN(Statement st,
                          db_.Prepare("DELETE FROM dial_addresses WHERE tag = ?1"));
  MUTUAL_RETURN_IF_ERROR(st.BindBlob(1, key_.Tag(kDialTagPurpose, AsBytes(address))));
  MUTUAL_RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 0 ? Status::NotFound("no such address") : Status::Ok();
}

Result<std::vector<std::string>> Store::DialAddresses() {
  MUTUAL_ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("SELECT tag, address_sealed FROM dial_addresses ORDER BY tag"));
  std::vector<std::string> out;
  while (true) {
    MUTUAL_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    MUTUAL_ASSIGN_OR_RETURN(Hash32 tag, st.ColumnFixed<32>(0));
    MUTUAL_ASSIGN_OR_RETURN(Bytes plain,
                            OpenAtRest(key_, kDialSlot, tag, st.ColumnBlob(1)));
    out.emplace_back(AsChars(plain));
  }
  return out;
}

}  // namespace mutual::store
