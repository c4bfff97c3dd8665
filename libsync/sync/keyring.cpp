#include "libsync/sync/keyring.h"

#include <cassert>

namespace mutual::sync {

crypto::Hash32 InitialEpochId(const crypto::DocId& doc_id) {
  crypto::Blake2b256Hasher hasher;
  hasher.Update(AsBytes("mutual/epoch0/v1"));
  hasher.Update(doc_id);
  return hasher.Final();
}

void Keyring::Add(const crypto::Hash32& id, const crypto::DocKey& key) {
  epochs_.insert_or_assign(id, Epoch{id, key});
  if (!current_) current_ = id;
}

void Keyring::SetCurrent(const crypto::Hash32& id) {
  assert(epochs_.count(id) == 1);
  current_ = id;
}

const Keyring::Epoch* Keyring::Current() const {
  if (!current_) return nullptr;
  return &epochs_.at(*current_);
}

const Keyring::Epoch* Keyring::Find(const crypto::Hash32& id) const {
  auto it = epochs_.find(id);
  return it == epochs_.end() ? nullptr : &it->second;
}

std::vector<const Keyring::Epoch*> Keyring::ForHint(const crypto::KeyHint& hint) const {
  std::vector<const Epoch*> out;
  for (const auto& [id, epoch] : epochs_) {
    if (crypto::KeyHintOf(id) == hint) out.push_back(&epoch);
  }
  return out;
}

}  // namespace mutual::sync
