// Replays the editing traces in data/ on a Sequence.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libsync/crdt/sequence.h"
#include "tests/support/data_files.h"

namespace mutual::crdt {
namespace {

ActorId Key(uint8_t fill) {
  ActorId k{};
  k.fill(fill);
  return k;
}

// Code points in valid UTF-8.
uint64_t CodePoints(const std::string& s) {
  uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST_CASE("AutomergePaperTraceReplaysToItsEndContent") {
  auto trace = testing::LoadEditingTrace("automerge-paper");
  REQUIRE(trace.ok());
  ActorTable actors;
  const ActorIndex me = actors.Intern(Key(1));
  Sequence s(ObjType::kText, &actors);
  uint64_t counter = 1;
  if (!trace->start_content.empty()) {
    s.LocalInsertText(0, trace->start_content, OpId{counter, me});
    counter += CodePoints(trace->start_content);
  }
  size_t patches = 0;
  for (const testing::TraceTxn& txn : trace->txns) {
    for (const testing::TracePatch& p : txn.patches) {
      if (p.del > 0) {
        s.LocalDelete(p.pos, p.del);
        ++counter;  // a delete op takes one counter, as in a Document
      }
      if (!p.ins.empty()) {
        s.LocalInsertText(p.pos, p.ins, OpId{counter, me});
        counter += CodePoints(p.ins);
      }
      ++patches;
    }
  }
  CHECK(patches == 259778);
  CHECK(s.size() == CodePoints(trace->end_content));
  CHECK(s.Text() == trace->end_content);
  // Run-length encoding keeps the run count far below the 182,315 inserts.
  CHECK(s.RunCount() < 100000);
}

// One op of a recorded transaction, replayable on the other replicas.
struct RecordedOp {
  bool insert = false;
  InsertOrigins origins;
  std::string text;
  OpId first;
  std::vector<IdSpan> spans;
};

// The concurrent trace: every agent edits its own replica. Before making a
// transaction, its agent's replica merges the transaction's missing
// ancestors (from the ops the other replicas recorded), so it edits exactly
// the version the trace says; at the end every replica merges everything.
TEST_CASE("ClownschoolConcurrentTraceConverges") {
  auto trace = testing::LoadEditingTrace("clownschool");
  REQUIRE(trace.ok());
  const size_t agents = trace->num_agents;
  const size_t txns = trace->txns.size();
  ActorTable actors;
  std::vector<ActorIndex> actor_of;
  for (size_t i = 0; i < agents; ++i)
    actor_of.push_back(actors.Intern(Key(uint8_t(i + 1))));
  std::vector<Sequence> replicas(agents, Sequence(ObjType::kText, &actors));
  std::vector<std::vector<char>> has(agents, std::vector<char>(txns, 0));
  std::vector<std::vector<RecordedOp>> recorded(txns);
  std::vector<uint64_t> next_counter(agents, 1);
  std::vector<uint32_t> mark(txns, 0);
  uint32_t epoch = 0;

  auto apply = [&](size_t g, size_t t) {
    for (const RecordedOp& op : recorded[t]) {
      if (op.insert) {
        REQUIRE(replicas[g]
                    .IntegrateText(op.origins.left, op.origins.right, op.text, op.first)
                    .ok());
      } else {
        for (const IdSpan& span : op.spans) replicas[g].Delete(span);
      }
    }
    has[g][t] = 1;
  };
  auto catch_up = [&](size_t g, std::vector<uint32_t> stack) {
    ++epoch;
    std::vector<uint32_t> missing;
    while (!stack.empty()) {
      const uint32_t t = stack.back();
      stack.pop_back();
      if (has[g][t] || mark[t] == epoch) continue;
      mark[t] = epoch;
      missing.push_back(t);
      for (uint32_t p : trace->txns[t].parents) stack.push_back(p);
    }
    std::sort(missing.begin(), missing.end());  // parents precede children
    for (uint32_t t : missing) apply(g, t);
  };

  for (size_t t = 0; t < txns; ++t) {
    const testing::TraceTxn& txn = trace->txns[t];
    const size_t g = txn.agent;
    REQUIRE(g < agents);
    catch_up(g, txn.parents);
    Sequence& s = replicas[g];
    for (const testing::TracePatch& p : txn.patches) {
      if (p.del > 0) {
        RecordedOp op;
        op.spans = s.LocalDelete(p.pos, p.del);
        recorded[t].push_back(std::move(op));
        ++next_counter[g];
      }
      if (!p.ins.empty()) {
        RecordedOp op;
        op.insert = true;
        op.text = p.ins;
        op.first = OpId{next_counter[g], actor_of[g]};
        op.origins = s.LocalInsertText(p.pos, p.ins, op.first);
        next_counter[g] += CodePoints(p.ins);
        recorded[t].push_back(std::move(op));
      }
    }
    has[g][t] = 1;
  }
  std::vector<uint32_t> all(txns);
  for (size_t t = 0; t < txns; ++t) all[t] = static_cast<uint32_t>(t);
  for (size_t g = 0; g < agents; ++g) {
    catch_up(g, all);
    INFO("agent " << g);
    CHECK(replicas[g].Text() == trace->end_content);
  }
}

}  // namespace
}  // namespace mutual::crdt
