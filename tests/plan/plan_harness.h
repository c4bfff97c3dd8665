// Test harness for plan tests: in-memory replicas (one device each) that
// exchange changes directly, as the sync layer would after sealing.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "libsync/crypto/device.h"
#include "libsync/plan/ops.h"
#include "libsync/plan/plan.h"

namespace mutual::plan::testing {

struct Replica {
  crypto::DeviceSecrets secrets = crypto::DeviceSecrets::Generate();
  Bytes record = crypto::EncodeDeviceRecord(crypto::MakeDeviceRecord(secrets));
  Plan plan{secrets.identity.public_key()};
};

inline NewItem Item(std::string section, std::map<std::string, std::string> fields,
                    std::string kind = "", std::string about = "") {
  NewItem n;
  n.section = std::move(section);
  n.kind = std::move(kind);
  n.about = std::move(about);
  n.fields = std::move(fields);
  return n;
}

// Delivers every change `from` holds and `to` lacks. Returns how many.
inline size_t Deliver(const Replica& from, Replica& to) {
  const crdt::Document& d = from.plan.document();
  size_t n = 0;
  for (const crdt::ChangeId& id : d.Missing(to.plan.document().version())) {
    auto r = to.plan.ApplyRemote(d.GetChange(id), ToBytes(d.EncodedChange(id)));
    REQUIRE(r.ok());
    ++n;
  }
  return n;
}

// Both ways.
inline void Sync(Replica& a, Replica& b) {
  Deliver(a, b);
  Deliver(b, a);
}

template <typename T>
T Must(Result<T> r) {
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

// A plan of `relational` template made by `a` ("Rae"), with `b` ("Jun")
// added and synced.
inline void MakePair(Replica& a, Replica& b, std::string_view tpl = "relational") {
  Must(a.plan.Create("Rae & Jun", tpl, "Rae", a.record, 1000));
  Must(a.plan.AddMember("Jun", b.record, 2000));
  Deliver(a, b);
}

// Adds `newcomer` (named `name`) to the plan `a` and `b` share: `a`
// invites, `b` approves, `a` adds; then `a` and `b` sync and `newcomer`
// gets everything. Returns the new member id.
inline std::string AddThirdMember(Replica& a, Replica& b, Replica& newcomer,
                                  std::string_view name, int64_t at) {
  std::string id;
  Must(a.plan.Invite(name, at, &id));
  Deliver(a, b);
  Must(b.plan.Approve(id, at + 100));
  Deliver(b, a);
  Must(a.plan.AddMember(id, newcomer.record, at + 200));
  Sync(a, b);
  Deliver(a, newcomer);
  return id;
}

// The state of item `id` as `r` sees it.
inline ItemView ItemOf(const Replica& r, std::string_view id, int64_t now = 0) {
  PlanView v = r.plan.View(now);
  for (const SectionView& s : v.sections) {
    for (const ItemView& i : s.items) {
      if (i.id == id) return i;
    }
  }
  FAIL("no item " << id);
  return {};
}

inline bool HasItem(const Replica& r, std::string_view id) {
  PlanView v = r.plan.View(0);
  for (const SectionView& s : v.sections) {
    for (const ItemView& i : s.items) {
      if (i.id == id) return true;
    }
  }
  return false;
}

inline std::string StateOf(const Replica& r, std::string_view id) {
  return std::string(StateName(ItemOf(r, id).state));
}

// A change made by `r`'s device holding one domain op, never committed
// locally (so a test can forge what a misbehaving device would send).
inline crdt::Change ForgeDomainChange(const Replica& r, const PlanOp& op) {
  crdt::Document copy = r.plan.document();
  auto txn = copy.Begin(r.secrets.identity.public_key(), 5);
  txn.Domain(static_cast<uint32_t>(op.kind), EncodePlanOp(op));
  crdt::Change c = txn.change();
  txn.Abort();
  return c;
}

inline crdt::ChangeStatus ApplyForged(Replica& to, const crdt::Change& c) {
  auto r = to.plan.ApplyRemote(c, crdt::EncodeChange(c));
  REQUIRE(r.ok());
  return r->status;
}

}  // namespace mutual::plan::testing
