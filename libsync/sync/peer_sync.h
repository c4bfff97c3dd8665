// PeerSync: the sync protocol of DESIGN.md §6 for one connection, as a pure
// state machine — peer messages in, peer messages out. The session layer
// (net/ + daemon/) moves the messages over the Noise channel; the device's
// plans sit behind the SyncHost interface.
//
//   Start()          our Hello (only docs shared with this peer)
//   OnMessage()      their Hello fixes the docs of this session (those both
//                    named) and is answered with our Have; their Have
//                    makes us stream what they lack (per-author seq order,
//                    then fork evidence); their Envelopes go through the
//                    host's receive pipeline
//   OnNewEnvelope()  live push of an envelope made or learned after Start
//
// Rules a peer must keep, else OnMessage fails with PeerViolation (drop the
// peer, keep everything else): Hello first and only once; Have and
// Envelopes only for docs of this session; no envelope the pipeline calls
// a peer violation (forged, tampered, undecodable).
//
// Thread-safety: single-threaded; the host must outlive the session.
#pragma once

#include <set>
#include <vector>

#include "libsync/sync/receive_pipeline.h"
#include "libsync/sync/version.h"
#include "libsync/wire/peer_codec.h"

namespace mutual::sync {

inline constexpr uint32_t kSyncProtocolVersion = 1;

// What a session needs from the device.
class SyncHost {
 public:
  virtual ~SyncHost() = default;
  // The plans this device shares with the device `peer` (its signing key):
  // only those are ever named to it.
  virtual std::vector<crypto::DocId> DocsSharedWith(const PublicKey& peer) const = 0;
  virtual HeadVector Heads(const crypto::DocId& doc) const = 0;
  virtual Lack LackOf(const crypto::DocId& doc, const HeadVector& theirs) const = 0;
  // Runs one envelope from the peer through the plan's pipeline (and stores
  // what it accepts).
  virtual ReceiveResult Receive(const crypto::DocId& doc, ByteView envelope) = 0;
  // The peer's heads for `doc` (a peer holding more of our own log than we
  // do stops our writer).
  virtual void NotePeerHeads(const crypto::DocId& doc, const HeadVector& theirs) = 0;
};

class PeerSync {
 public:
  // `peer`: the remote device's signing key, authenticated by the channel.
  PeerSync(SyncHost& host, const PublicKey& peer) : host_(host), peer_(peer) {}

  std::vector<wire::PeerMessage> Start();
  Result<std::vector<wire::PeerMessage>> OnMessage(const wire::PeerMessage& message);
  // Nothing when `doc` is not part of this session (or before their Hello).
  std::vector<wire::PeerMessage> OnNewEnvelope(const crypto::DocId& doc,
                                               ByteView envelope);

  // Docs both sides announced (valid after their Hello).
  const std::set<crypto::DocId>& session_docs() const { return session_docs_; }
  bool hello_received() const { return hello_received_; }

 private:
  Result<std::vector<wire::PeerMessage>> OnHello(const wire::Hello& hello);
  Result<std::vector<wire::PeerMessage>> OnHave(const wire::Have& have);
  Status OnEnvelopes(const wire::Envelopes& envelopes);

  SyncHost& host_;
  PublicKey peer_;
  std::set<crypto::DocId> offered_;       // what our Hello named
  std::set<crypto::DocId> session_docs_;  // offered by both
  bool hello_received_ = false;
};

// Conversions between the pipeline's HeadVector and the wire's DocHave.
wire::DocHave DocHaveOf(const crypto::DocId& doc, const HeadVector& heads);
HeadVector FromDocHave(const wire::DocHave& have);

}  // namespace mutual::sync
