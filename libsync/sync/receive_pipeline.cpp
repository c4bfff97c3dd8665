#include "libsync/sync/receive_pipeline.h"

namespace mutual::sync {

const char* DispositionName(Disposition d) {
  switch (d) {
    case Disposition::kApplied:
      return "applied";
    case Disposition::kPendingDeps:
      return "pending-deps";
    case Disposition::kInvalid:
      return "invalid";
    case Disposition::kVoid:
      return "void";
    case Disposition::kDuplicate:
      return "duplicate";
    case Disposition::kHeldForPrev:
      return "held-for-prev";
    case Disposition::kHeldForKey:
      return "held-for-key";
    case Disposition::kForkEvidence:
      return "fork-evidence";
    case Disposition::kRejected:
      return "rejected";
  }
  return "?";
}

Disposition FromChangeStatus(crdt::ChangeStatus s) {
  switch (s) {
    case crdt::ChangeStatus::kPending:
      return Disposition::kPendingDeps;
    case crdt::ChangeStatus::kInvalid:
      return Disposition::kInvalid;
    case crdt::ChangeStatus::kVoid:
      return Disposition::kVoid;
    case crdt::ChangeStatus::kApplied:
    case crdt::ChangeStatus::kUnknown:
      break;
  }
  return Disposition::kApplied;
}

const char* WriterStateName(WriterState s) {
  switch (s) {
    case WriterState::kActive:
      return "active";
    case WriterState::kOwnLogAheadOnPeer:
      return "own log ahead on a peer";
    case WriterState::kForked:
      return "own log forked";
    case WriterState::kBlockedByFork:
      return "own change depends on a frozen fork";
  }
  return "?";
}

}  // namespace mutual::sync
