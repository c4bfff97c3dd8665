// Bridges the document and the pure consent rules: decodes the plan's
// domain ops once, works out the members at each op's causal point, and
// evaluates one item (consent.h) with the document's happened-before.
//
// Thread-safety: a PlanOps is a single-owner value bound to one Document,
// which must outlive it and not change meanwhile.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/plan/consent.h"
#include "libsync/plan/layout.h"
#include "libsync/plan/membership.h"
#include "libsync/plan/ops.h"

namespace mutual::plan {

struct PlanOpRecord {
  crdt::DomainRecord rec;
  PlanOp op;
};

class PlanOps {
 public:
  explicit PlanOps(const crdt::Document& doc);

  const std::vector<PlanOpRecord>& all() const { return ops_; }
  // The item's ops, in op-id order.
  std::vector<const PlanOpRecord*> ForItem(std::string_view item) const;
  // The current membership (every membership op folded).
  const Membership& membership() const { return current_; }
  // Current member ids at the causal point of `rec` (memoised).
  const std::vector<std::string>& MembersAt(const crdt::DomainRecord& rec);

  // Consent of one item. REQUIRES: `item` read from the same document.
  ConsentResult Evaluate(const layout::ItemRecord& item);

 private:
  const crdt::Document& doc_;
  std::vector<PlanOpRecord> ops_;
  std::map<std::string, std::vector<size_t>, std::less<>> by_item_;
  std::vector<size_t> membership_ops_;
  Membership current_;
  std::map<std::pair<crdt::ChangeId, uint64_t>, std::vector<std::string>> members_at_;
};

// The short id of the suggestion made by `rec`.
std::string SuggestionIdOf(const crdt::Document& doc, const crdt::DomainRecord& rec);

}  // namespace mutual::plan
