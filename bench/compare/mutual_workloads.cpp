#include "bench/compare/mutual_workloads.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "libsync/crdt/document.h"
#include "tests/support/data_files.h"

namespace mutual::bench {

namespace {

using crdt::ActorId;
using crdt::ChangeId;
using crdt::Document;
using crdt::OpId;
using testing::EditingTrace;
using testing::TracePatch;
using Clock = std::chrono::steady_clock;

double ProcessCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Wall-clock and process CPU time since construction, in ms (as the peers'
// stopwatch: CPU time barely grows while others hold a shared machine's
// cores).
class Stopwatch {
 public:
  double WallMs() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - wall_).count();
  }
  double CpuMs() const { return ProcessCpuMs() - cpu_; }

 private:
  Clock::time_point wall_ = Clock::now();
  double cpu_ = ProcessCpuMs();
};

// Resident memory in MB (10^6 bytes), after handing freed heap pages back to the
// kernel (the counterpart of the peers' gc() before they read their RSS):
// memory the trace parser freed must not be counted, nor hide growth.
double RssMb() {
  malloc_trim(0);
  long resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    long size = 0;
    if (std::fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

ActorId Actor(uint8_t n) {
  ActorId a{};
  a.fill(n);
  return a;
}

// The one local transaction of a trace transaction.
Status Edit(Document& doc, const ActorId& author, OpId text,
            const std::vector<TracePatch>& patches, Document::Transaction::Committed* out) {
  auto t = doc.Begin(author, 0);
  for (const TracePatch& p : patches) {
    if (p.del > 0) t.DeleteText(text, p.pos, p.del);
    if (!p.ins.empty()) t.InsertText(text, p.pos, p.ins);
  }
  MUTUAL_ASSIGN_OR_RETURN(auto committed, t.Commit());
  if (out) *out = std::move(committed);
  return Status::Ok();
}

// The change as a peer receives it: decoded from its plaintext bytes.
Status Deliver(Document& to, const ChangeId& id, ByteView encoded) {
  MUTUAL_ASSIGN_OR_RETURN(crdt::Change change, crdt::DecodeChange(encoded, id.author, id.seq));
  MUTUAL_ASSIGN_OR_RETURN(auto outcome, to.Apply(change, ToBytes(encoded)));
  if (outcome.status != crdt::ChangeStatus::kApplied) {
    return Status::Corruption("a delivered change was not applied");
  }
  return Status::Ok();
}

// A document whose root key "text" holds a text object, made by `author`.
Result<std::pair<Document, OpId>> NewTextDocument(const ActorId& author) {
  std::pair<Document, OpId> out;
  auto t = out.first.Begin(author, 0);
  out.second = t.Set(crdt::kRootObject, "text", crdt::MakeObject{crdt::ObjType::kText});
  MUTUAL_RETURN_IF_ERROR(t.Commit().status());
  return out;
}

Result<OpId> TextObject(const Document& doc) {
  auto values = doc.Get(crdt::kRootObject, "text");
  if (values.size() != 1) return Status::Corruption("no single text object");
  return values[0].id;
}

}  // namespace

Result<Measured> TraceWorkload(const std::string& saved_path) {
  MUTUAL_ASSIGN_OR_RETURN(EditingTrace trace, testing::LoadEditingTrace("automerge-paper"));
  const ActorId author = Actor(1);
  const double rss_before = RssMb();
  MUTUAL_ASSIGN_OR_RETURN(auto made, NewTextDocument(author));
  auto& [doc, text] = made;
  if (!trace.start_content.empty()) {
    MUTUAL_RETURN_IF_ERROR(Edit(doc, author, text, {{0, 0, trace.start_content}}, nullptr));
  }
  const Stopwatch apply;
  for (const auto& txn : trace.txns) {
    MUTUAL_RETURN_IF_ERROR(Edit(doc, author, text, txn.patches, nullptr));
  }
  const double apply_ms = apply.WallMs(), apply_cpu_ms = apply.CpuMs();
  const double rss_mb = RssMb() - rss_before;
  bool text_ok = doc.Text(text) == trace.end_content;

  const Bytes saved = doc.Save();
  if (!saved_path.empty()) {
    std::ofstream out(saved_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(saved.data()),
              static_cast<std::streamsize>(saved.size()));
    if (!out.flush()) return Status::IOError("cannot write " + saved_path);
  }

  const Stopwatch merge;
  Document empty;
  for (const ChangeId& id : doc.Missing(crdt::VersionVector{})) {
    MUTUAL_RETURN_IF_ERROR(Deliver(empty, id, doc.EncodedChange(id)));
  }
  MUTUAL_ASSIGN_OR_RETURN(OpId merged_text, TextObject(empty));
  text_ok = text_ok && empty.Text(merged_text) == trace.end_content;
  const double merge_ms = merge.WallMs(), merge_cpu_ms = merge.CpuMs();

  Measured m;
  m.values = {{"apply_ms", apply_ms},
              {"apply_cpu_ms", apply_cpu_ms},
              {"rss_mb", rss_mb},
              {"save_bytes", static_cast<double>(saved.size())},
              {"merge_empty_ms", merge_ms},
              {"merge_empty_cpu_ms", merge_cpu_ms}};
  m.text_ok = text_ok;
  return m;
}

Result<Measured> LoadWorkload(const std::string& saved_path) {
  MUTUAL_ASSIGN_OR_RETURN(EditingTrace trace, testing::LoadEditingTrace("automerge-paper"));
  std::ifstream in(saved_path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + saved_path);
  const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  const Stopwatch load;
  MUTUAL_ASSIGN_OR_RETURN(Document doc, Document::Load(bytes, nullptr));
  MUTUAL_ASSIGN_OR_RETURN(OpId text, TextObject(doc));
  const std::string loaded = doc.Text(text);
  const double load_ms = load.WallMs(), load_cpu_ms = load.CpuMs();

  Measured m;
  m.values = {{"load_fresh_ms", load_ms}, {"load_fresh_cpu_ms", load_cpu_ms}};
  m.text_ok = loaded == trace.end_content;
  return m;
}

Result<Measured> ConcurrentWorkload() {
  MUTUAL_ASSIGN_OR_RETURN(EditingTrace trace, testing::LoadEditingTrace("clownschool"));
  const size_t n = trace.txns.size();
  const Stopwatch replay;
  // Every replica starts from the same change that makes the text object,
  // as the peers' replicas do.
  MUTUAL_ASSIGN_OR_RETURN(auto seed, NewTextDocument(Actor(0xff)));
  const ChangeId seed_id = seed.first.Heads().at(0);
  std::vector<Document> replicas(trace.num_agents);
  std::vector<std::vector<bool>> has(trace.num_agents, std::vector<bool>(n, false));
  std::vector<OpId> texts;
  for (Document& r : replicas) {
    MUTUAL_RETURN_IF_ERROR(Deliver(r, seed_id, seed.first.EncodedChange(seed_id)));
    MUTUAL_ASSIGN_OR_RETURN(OpId t, TextObject(r));
    texts.push_back(t);
  }
  std::vector<ChangeId> ids(n);
  std::vector<Bytes> encoded(n);

  // Delivers every transaction in the causal past of `roots` that replica
  // `a` lacks, in trace order (which is causal).
  auto catch_up = [&](uint32_t a, const std::vector<uint32_t>& roots) -> Status {
    std::vector<uint32_t> missing, stack;
    for (uint32_t p : roots) {
      if (!has[a][p]) stack.push_back(p);
    }
    while (!stack.empty()) {
      uint32_t j = stack.back();
      stack.pop_back();
      if (has[a][j]) continue;
      has[a][j] = true;
      missing.push_back(j);
      for (uint32_t p : trace.txns[j].parents) {
        if (!has[a][p]) stack.push_back(p);
      }
    }
    std::sort(missing.begin(), missing.end());
    for (uint32_t j : missing) MUTUAL_RETURN_IF_ERROR(Deliver(replicas[a], ids[j], encoded[j]));
    return Status::Ok();
  };
  for (size_t i = 0; i < n; ++i) {
    const auto& txn = trace.txns[i];
    if (txn.agent >= replicas.size()) return Status::Corruption("agent out of range");
    for (uint32_t p : txn.parents) {
      if (p >= i) return Status::Corruption("a parent does not precede its transaction");
    }
    MUTUAL_RETURN_IF_ERROR(catch_up(txn.agent, txn.parents));
    Document::Transaction::Committed c;
    MUTUAL_RETURN_IF_ERROR(Edit(replicas[txn.agent], Actor(static_cast<uint8_t>(txn.agent + 1)),
                                texts[txn.agent], txn.patches, &c));
    ids[i] = c.change.id();
    encoded[i] = std::move(c.encoded);
    has[txn.agent][i] = true;
  }
  std::vector<uint32_t> all(n);
  for (uint32_t i = 0; i < n; ++i) all[i] = i;
  bool text_ok = true;
  for (uint32_t a = 0; a < replicas.size(); ++a) {
    MUTUAL_RETURN_IF_ERROR(catch_up(a, all));
    text_ok = text_ok && replicas[a].Text(texts[a]) == trace.end_content;
  }
  const double replay_ms = replay.WallMs(), replay_cpu_ms = replay.CpuMs();

  Measured m;
  m.values = {{"replay_ms", replay_ms}, {"replay_cpu_ms", replay_cpu_ms}};
  m.text_ok = text_ok;
  return m;
}

}  // namespace mutual::bench
