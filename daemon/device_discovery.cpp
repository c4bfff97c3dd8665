// Device: what LAN discovery needs from the plans — one LAN key per plan
// this device syncs (the same plans DocsSharedWith offers peers).
#include "daemon/device.h"

namespace mutual::daemon {

std::vector<crypto::LanKey> Device::LanKeys() const {
  std::vector<crypto::LanKey> out;
  if (!store_) return out;
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    if (ms.created()) {
      // A plan we left is not synced, so not announced either.
      const plan::Member* me = ms.Find(p->plan().member());
      if (me == nullptr || me->former) continue;
    }
    if (const crypto::DocKey* key = p->CurrentKey()) out.emplace_back(*key);
  }
  return out;
}

}  // namespace mutual::daemon
