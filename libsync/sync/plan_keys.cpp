#include "libsync/sync/plan_keys.h"

#include <algorithm>

#include "libsync/crypto/device.h"

namespace mutual::sync {
namespace {

// `key` sealed to each of `devices` (their delivery keys, from the device
// records the membership ops carried).
Result<std::vector<plan::SealedKey>> SealTo(const plan::Membership& ms,
                                            const std::vector<crdt::ActorId>& devices,
                                            const crypto::DocKey& key) {
  std::vector<plan::SealedKey> out;
  for (const crdt::ActorId& d : devices) {
    const Bytes* record = ms.RecordOf(d);
    if (record == nullptr) return Status::NotFound("no device record for a member device");
    MUTUAL_ASSIGN_OR_RETURN(crypto::DeviceRecord r, crypto::DecodeDeviceRecord(*record));
    out.push_back({d, crypto::SealDocKeyTo(key, r.delivery_key)});
  }
  return out;
}

}  // namespace

std::vector<std::pair<crypto::Hash32, crypto::DocKey>> KeysToAdopt(
    const plan::Plan& plan, const Keyring& keyring, const crypto::X25519KeyPair& delivery) {
  std::vector<std::pair<crypto::Hash32, crypto::DocKey>> out;
  for (const plan::SealedEpochKey& k : plan::KeysSealedTo(plan.document(), plan.device())) {
    if (keyring.Find(k.epoch) != nullptr) continue;
    if (std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.first == k.epoch; }))
      continue;
    auto key = crypto::OpenSealedDocKey(k.sealed, delivery);
    if (key.ok()) out.emplace_back(k.epoch, *key);
  }
  return out;
}

crypto::Hash32 WritingEpoch(const plan::Plan& plan, const crypto::DocId& doc) {
  const plan::KeyEpochs epochs = plan.Keys();
  return epochs.current() ? epochs.current()->id : InitialEpochId(doc);
}

Result<std::optional<plan::Committed>> KeyUpkeep(plan::Plan& plan, const Keyring& keyring,
                                                 int64_t now_ms) {
  const plan::Membership ms = plan.members();
  const plan::Member* me = ms.Find(plan.member());
  if (me == nullptr || me->former) return std::optional<plan::Committed>();
  const plan::KeyEpochs epochs = plan.Keys();
  const plan::KeyNeeds needs = plan::KeyNeedsOf(plan.document(), ms, epochs);
  if (needs.rotate) {
    const crypto::DocKey key = crypto::DocKey::Generate();
    MUTUAL_ASSIGN_OR_RETURN(std::vector<plan::SealedKey> sealed,
                            SealTo(ms, plan::CurrentDevices(ms), key));
    MUTUAL_ASSIGN_OR_RETURN(plan::Committed c, plan.RotateKey(std::move(sealed), now_ms));
    return std::optional<plan::Committed>(std::move(c));
  }
  for (const auto& [epoch, devices] : needs.shares) {
    const Keyring::Epoch* held = keyring.Find(epoch);
    if (held == nullptr) continue;  // we lack it too: someone else shares it
    MUTUAL_ASSIGN_OR_RETURN(std::vector<plan::SealedKey> sealed,
                            SealTo(ms, devices, held->key));
    MUTUAL_ASSIGN_OR_RETURN(plan::Committed c,
                            plan.ShareKey(epoch, std::move(sealed), now_ms));
    return std::optional<plan::Committed>(std::move(c));
  }
  return std::optional<plan::Committed>();
}

Status AdoptKeys(Replica<plan::Plan>& replica, const crypto::DocId& doc,
                 const crypto::X25519KeyPair& delivery, const UpkeepHooks& hooks) {
  // A key can release held envelopes that carry more keys (a rotation
  // sealed under an epoch we just learned), so adopt until none is new.
  for (;;) {
    auto found = KeysToAdopt(replica.doc(), replica.keyring(), delivery);
    if (found.empty()) break;
    for (auto& [epoch, key] : found) {
      MUTUAL_RETURN_IF_ERROR(hooks.keep_key(epoch, key));
      // Envelopes this key releases were kept when they arrived.
      (void)replica.AddKey(epoch, key);
    }
  }
  const crypto::Hash32 writing = WritingEpoch(replica.doc(), doc);
  if (replica.keyring().Find(writing) != nullptr) replica.keyring().SetCurrent(writing);
  return Status::Ok();
}

Status UpkeepKeys(Replica<plan::Plan>& replica, const crypto::DocId& doc,
                  const crypto::X25519KeyPair& delivery, int64_t now_ms,
                  const UpkeepHooks& hooks) {
  // Each upkeep change settles one need (a rotation, or one epoch shared);
  // the bound only guards against a plan that keeps asking.
  for (int round = 0; round < 8; ++round) {
    MUTUAL_RETURN_IF_ERROR(AdoptKeys(replica, doc, delivery, hooks));
    if (replica.writer_state() != WriterState::kActive) return Status::Ok();
    MUTUAL_ASSIGN_OR_RETURN(std::optional<plan::Committed> change,
                            KeyUpkeep(replica.doc(), replica.keyring(), now_ms));
    if (!change) return Status::Ok();
    MUTUAL_RETURN_IF_ERROR(hooks.persist(*change));
  }
  return AdoptKeys(replica, doc, delivery, hooks);
}

}  // namespace mutual::sync
