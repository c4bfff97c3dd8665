// Out-of-line members of ReceivePipeline<D> (a template, so they live in a
// header). Include receive_pipeline.h, not this file.
#pragma once

#include <algorithm>
#include <cassert>
#include <string>

namespace mutual::sync {

template <SyncDocument D>
ReceiveResult ReceivePipeline<D>::Process(ScreenedEnvelope s) {
  const crypto::EnvelopeHeader& h = s.header;
  if (!restoring_ && config_.local_author && h.author == *config_.local_author &&
      h.seq > log_.Head(h.author)) {
    own_log_ahead_ = true;  // a peer holds our own envelopes we lost
  }
  switch (log_.Classify(h, s.hash)) {
    case EnvelopeLog::Placement::kDuplicate:
      return With(Disposition::kDuplicate, s);
    case EnvelopeLog::Placement::kFrozen:
      return Rejected(Status::FailedPrecondition(
                          "author is frozen at seq " +
                          std::to_string(*log_.ForkPoint(h.author)) + " by a fork"),
                      &s);
    case EnvelopeLog::Placement::kChainMismatch:
      return Rejected(
          Status::FailedPrecondition("prev does not match the author's envelope at seq-1 "
                                     "(the author's log diverged)"),
          &s);
    case EnvelopeLog::Placement::kGap:
      return Hold(std::move(s), Disposition::kHeldForPrev);
    case EnvelopeLog::Placement::kFork:
      return OnFork(std::move(s));
    case EnvelopeLog::Placement::kNext:
      break;
  }
  return OpenAndApply(std::move(s));
}

// Steps 7-10: decrypt, decode, apply; the log takes the envelope only when
// the document took the change.
template <SyncDocument D>
ReceiveResult ReceivePipeline<D>::OpenAndApply(ScreenedEnvelope s) {
  Bytes plaintext;
  Result<crdt::Change> change = OpenChange(s, plaintext);
  if (!change.ok()) {
    if (change.status().IsNotFound()) return Hold(std::move(s), Disposition::kHeldForKey);
    return Rejected(change.status(), &s);
  }
  Result<crdt::Document::ApplyOutcome> outcome =
      doc_.Apply(*change, std::move(plaintext));
  if (!outcome.ok()) {
    return Rejected(Status::PeerViolation("change rejected by the document: " +
                                          outcome.status().message()),
                    &s);
  }
  if (outcome->status == crdt::ChangeStatus::kUnknown) {
    return Rejected(Status::Corruption("document did not take the change"), &s);
  }
  ReceiveResult r = With(FromChangeStatus(outcome->status), s);
  r.applied = std::move(outcome->applied);
  const PublicKey author = s.header.author;
  const uint64_t seq = s.header.seq;
  log_.Append(author,
              LoggedEnvelope{seq, s.hash, std::move(s.bytes), change->start_counter});
  released_queue_.push_back({author, seq + 1});
  return r;
}

template <SyncDocument D>
Result<crdt::Change> ReceivePipeline<D>::OpenChange(const ScreenedEnvelope& s,
                                                    Bytes& plaintext) const {
  Result<Bytes> opened = OpenWithKeyring(s.envelope, s.header, keyring_);
  if (!opened.ok()) return opened.status();
  Result<crdt::Change> change =
      crdt::DecodeChange(*opened, s.header.author, s.header.seq);
  if (!change.ok()) {
    return Status::PeerViolation("undecodable change: " + change.status().message());
  }
  plaintext = std::move(opened).value();
  return change;
}

template <SyncDocument D>
ReceiveResult ReceivePipeline<D>::Hold(ScreenedEnvelope s, Disposition why) {
  const HeldKey key{s.header.author, s.header.seq};
  auto same = [&](const ScreenedEnvelope& other) { return other.hash == s.hash; };
  auto range = held_for_prev_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    if (same(it->second)) return With(Disposition::kDuplicate, s);
  }
  if (std::any_of(held_for_key_.begin(), held_for_key_.end(), same)) {
    return With(Disposition::kDuplicate, s);
  }
  if (held_count() >= config_.max_held) {
    return Rejected(Status::Unavailable("too many envelopes held"), &s);
  }
  ReceiveResult r = With(why, s);
  if (why == Disposition::kHeldForPrev) {
    held_for_prev_.emplace(key, std::move(s));
  } else {
    held_for_key_.push_back(std::move(s));
  }
  return r;
}

template <SyncDocument D>
ReceiveResult ReceivePipeline<D>::OnFork(ScreenedEnvelope s) {
  const PublicKey author = s.header.author;
  ReceiveResult r = With(Disposition::kForkEvidence, s);
  ForkEvidence& evidence =
      log_.RecordFork(author, LoggedEnvelope{s.header.seq, s.hash, std::move(s.bytes)});
  const uint64_t fork = *log_.ForkPoint(author);
  for (const LoggedEnvelope& e : log_.Chain(author)) {
    if (e.seq < fork) continue;
    crdt::ChangeStatus st = doc_.StatusOf(crdt::ChangeId{author, e.seq});
    if (st != crdt::ChangeStatus::kUnknown && st != crdt::ChangeStatus::kPending) {
      evidence.voided_after_apply.push_back(e.seq);
    }
  }
  // Nothing of this author above its (new) fork point may apply any more.
  for (auto it = held_for_prev_.begin(); it != held_for_prev_.end();) {
    it = it->first.first == author ? held_for_prev_.erase(it) : std::next(it);
  }
  std::erase_if(held_for_key_, [&](const ScreenedEnvelope& h) {
    return h.header.author == author && h.header.seq >= fork;
  });
  r.rebuilt = Rebuild();
  return r;
}

template <SyncDocument D>
bool ReceivePipeline<D>::Rebuild() {
  if (!make_empty_) return false;
  D fresh = make_empty_();
  for (const PublicKey& author : log_.Authors()) {
    for (const LoggedEnvelope& e : log_.Chain(author)) {
      if (!log_.Stands(author, e.seq)) break;
      // Every chain entry passed these steps once with the same keyring, so
      // a failure here is our own broken invariant.
      Result<crypto::Envelope> env = crypto::DecodeEnvelope(e.bytes);
      Result<crypto::EnvelopeHeader> h =
          env.ok() ? crypto::DecodeEnvelopeHeader(env->header)
                   : Result<crypto::EnvelopeHeader>(env.status());
      assert(env.ok() && h.ok());
      if (!env.ok() || !h.ok()) continue;
      ScreenedEnvelope s{std::move(env).value(), *h, e.hash, {}};
      Bytes plaintext;
      Result<crdt::Change> change = OpenChange(s, plaintext);
      assert(change.ok());
      if (!change.ok()) continue;
      Result<crdt::Document::ApplyOutcome> applied =
          fresh.Apply(*change, std::move(plaintext));
      assert(applied.ok());
      (void)applied;
    }
  }
  doc_ = std::move(fresh);
  return true;
}

template <SyncDocument D>
Result<Bytes> ReceivePipeline<D>::SealLocalChange(const crdt::Change& change,
                                                  ByteView plaintext,
                                                  const crypto::SigningKey& signer) {
  assert(config_.local_author && signer.public_key() == *config_.local_author);
  const PublicKey& me = signer.public_key();
  const uint64_t seq = change.seq;
  // The document already holds this change, so only the log-side stops
  // apply here (kBlockedByFork is checked before a change is made).
  if (own_log_ahead_ || log_.ForkPoint(me)) {
    return Status::FailedPrecondition(std::string("writer stopped: ") +
                                      WriterStateName(writer_state()));
  }
  if (seq != log_.Head(me) + 1) {
    return Status::FailedPrecondition("local change seq " + std::to_string(seq) +
                                      " does not follow our log head " +
                                      std::to_string(log_.Head(me)));
  }
  const Keyring::Epoch* epoch = keyring_.Current();
  if (epoch == nullptr) return Status::FailedPrecondition("no document key");
  if (plaintext.size() > crypto::kMaxEnvelopePlaintextBytes) {
    return Status::InvalidArgument("change too large for one envelope");
  }
  crypto::EnvelopeHeader header;
  header.doc_id = config_.doc_id;
  header.author = me;
  header.seq = seq;
  header.prev = log_.PrevFor(me);
  header.key_hint = crypto::KeyHintOf(epoch->id);
  crypto::Envelope envelope = crypto::SealEnvelope(header, plaintext, epoch->key, signer);
  Bytes bytes = crypto::EncodeEnvelope(envelope);
  log_.Append(me, LoggedEnvelope{seq, crypto::EnvelopeHash(envelope), bytes,
                                 change.start_counter});
  return bytes;
}

}  // namespace mutual::sync
