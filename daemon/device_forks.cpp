// Device: forks (DESIGN.md §3) as `status` and `show` name them, and the
// stop of this device's own writer when its log forked or a peer holds
// more of it than it does (it was restored from a backup).
#include "daemon/device.h"

namespace mutual::daemon {

std::string WriterStoppedReason(sync::WriterState state) {
  switch (state) {
    case sync::WriterState::kActive:
      return "";
    case sync::WriterState::kOwnLogAheadOnPeer:
      return "another device holds changes this device made that it no longer has "
             "(its home was restored from a backup or copied); to keep its log from "
             "forking, it stops writing to this plan. Set this device up again with a "
             "new home and pair it as a new device";
    case sync::WriterState::kForked:
      return "this device's own log forked: its home was restored from a backup or "
             "copied, and it wrote a change under a number it had already used, so "
             "the other members freeze it there. Set this device up again with a new "
             "home and pair it as a new device";
    case sync::WriterState::kBlockedByFork:
      return "one of this device's changes builds on a change that a fork froze, so "
             "it can never apply; a new change would fork this device's own log. Set "
             "this device up again with a new home and pair it as a new device";
  }
  return "";
}

std::vector<plan::ForkView> Device::ForkViews(const sync::StoredPlan& p) const {
  std::vector<plan::ForkView> out;
  const plan::Membership ms = p.plan().members();
  for (const crypto::PublicKey& author : p.log().Authors()) {
    const std::optional<uint64_t> fork = p.log().ForkPoint(author);
    if (!fork) continue;
    const plan::Member* m = ms.OwnerOf(author);
    out.push_back({ToHex(ByteView(author.data(), 4)), m ? m->id : "", *fork});
  }
  return out;
}

std::vector<wire::ForkNotice> Device::ForkNotices() const {
  std::vector<wire::ForkNotice> out;
  for (const auto& [id, p] : plans_) {
    const plan::Membership ms = p->plan().members();
    for (const crypto::PublicKey& author : p->log().Authors()) {
      const std::optional<uint64_t> fork = p->log().ForkPoint(author);
      if (!fork) continue;
      const plan::Member* m = ms.OwnerOf(author);
      out.push_back(
          {id, ToHex(author), m ? m->name : "", *fork, author == p->plan().device()});
    }
  }
  return out;
}

Status Device::RequireWritable(const sync::StoredPlan& p) const {
  const sync::WriterState state = p.writer_state();
  if (state == sync::WriterState::kActive) return Status::Ok();
  return Status::FailedPrecondition("this device can no longer write to plan " +
                                    PlanIdString(p.id()).substr(0, 8) + ": " +
                                    WriterStoppedReason(state));
}

Result<sync::StoredPlan*> Device::SelectWritablePlan(const std::string& selector) {
  MUTUAL_ASSIGN_OR_RETURN(sync::StoredPlan * p, SelectPlan(selector));
  MUTUAL_RETURN_IF_ERROR(RequireWritable(*p));
  return p;
}

}  // namespace mutual::daemon
