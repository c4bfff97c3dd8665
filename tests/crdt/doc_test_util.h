// Helpers shared by the Document tests: actors, committing, delivering and
// a canonical dump of a document's visible state and verdicts (independent
// of each replica's local actor indexes), for convergence checks.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "libsync/crdt/document.h"

namespace mutual::crdt::testutil {

inline ActorId Actor(uint8_t b) {
  ActorId a{};
  a.fill(b);
  return a;
}

using Committed = Document::Transaction::Committed;

inline Committed MustCommit(Document::Transaction& t) {
  auto r = t.Commit();
  REQUIRE(r.ok());
  return std::move(r).value();
}

inline Document::ApplyOutcome MustApply(Document& d, const Committed& c) {
  auto r = d.Apply(c.change, c.encoded);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

inline std::string IdText(const Document& d, OpId id) {
  if (id.counter == 0) return "root";
  return std::to_string(id.counter) + "@" + std::to_string(d.actors().Key(id.actor)[0]);
}

inline std::string DumpObject(const Document& d, OpId obj, int depth);

inline std::string DumpValue(const Document& d, OpId id, const Value& v, int depth) {
  switch (v.index()) {
    case 0: return "null";
    case 1: return std::get<bool>(v) ? "true" : "false";
    case 2: return std::to_string(std::get<int64_t>(v));
    case 3: return "\"" + std::get<std::string>(v) + "\"";
    case 4: return "bytes" + std::to_string(std::get<Bytes>(v).size());
    default: return DumpObject(d, id, depth + 1);
  }
}

inline std::string DumpObject(const Document& d, OpId obj, int depth) {
  auto type = d.TypeOf(obj);
  if (!type) return "<missing " + IdText(d, obj) + ">";
  if (depth > 8) return "<deep>";
  std::string out;
  if (*type == ObjType::kMap) {
    out += "{";
    for (const std::string& k : d.Keys(obj)) {
      out += k + ":[";
      for (const RegisterValue& rv : d.Get(obj, k)) {
        out += IdText(d, rv.id) + "=" + DumpValue(d, rv.id, rv.value, depth) + ",";
      }
      out += "],";
    }
    return out + "}";
  }
  if (*type == ObjType::kText) return "'" + d.Text(obj) + "'";
  out += "[";
  for (const auto& [id, v] : d.Seq(obj).Values()) out += DumpValue(d, id, v, depth) + ",";
  return out + "]";
}

// Visible state, heads, every change's status and the domain ops.
inline std::string Dump(const Document& d) {
  std::string out = DumpObject(d, kRootObject, 0) + "\nheads:";
  for (const ChangeId& h : d.Heads()) out += " " + std::to_string(h.author[0]) + "/" +
                                              std::to_string(h.seq);
  out += "\nchanges:";
  for (const auto& [actor, seq] : d.version().entries()) {
    for (uint64_t s = 1; s <= seq; ++s) {
      out += " " + std::to_string(actor[0]) + "/" + std::to_string(s) + "=" +
             std::to_string(static_cast<int>(d.StatusOf({actor, s})));
    }
  }
  out += "\ndomain:";
  for (const DomainRecord& r : d.DomainOps()) {
    out += " " + IdText(d, r.id) + ":" + std::to_string(r.kind);
  }
  return out;
}

}  // namespace mutual::crdt::testutil
