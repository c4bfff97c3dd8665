// Document::Transaction: local edits, applied as they are made and recorded
// as one change. This is the hot path of the editing-trace benchmark, so it
// avoids per-op lookups (the last object is cached) and copies the document
// only when a policy has to judge the change on the state before it.
#include <algorithm>
#include <cassert>
#include <utility>

#include "libsync/crdt/doc_impl.h"

namespace mutual::crdt {

void Document::Transaction::State::DeleteSpans(OpId obj, size_t pos, size_t len) {
  if (len == 0) return;
  OpId cobj = ToChange(obj);
  for (const IdSpan& span : Obj(obj).seq->LocalDelete(pos, len)) {
    change.ops.emplace_back(SeqDelete{cobj, ToChange(span.start), span.len});
    ++next_counter;
  }
}

Document::Transaction::Transaction(State* state) : s_(state) {}
Document::Transaction::Transaction(Transaction&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
Document::Transaction::~Transaction() {
  if (s_ && s_->open) Abort();
}

Document::Transaction Document::Begin(const ActorId& author, int64_t time_ms) {
  Impl& d = *impl_;
  assert(!d.txn_open);
  if (!d.txn_state) d.txn_state = std::make_unique<Transaction::State>();
  Transaction::State* s = d.txn_state.get();
  s->doc = this;
  s->open = true;
  s->change = Change();
  s->slots.clear();
  if (d.policy) s->saved.emplace(*this);
  d.txn_open = true;
  if (!d.last_author || d.last_author->first != author) {
    d.last_author.emplace(author, d.actors->Intern(author));
  }
  ActorIndex a = d.last_author->second;
  if (d.logs.size() <= a) d.logs.resize(a + 1);
  s->author = a;
  s->slots.push_back(a);
  Change& c = s->change;
  c.actors.push_back(author);
  c.seq = d.logs[a].size() + 1;
  c.start_counter = d.max_counter + 1;
  c.time_ms = time_ms;
  s->next_counter = c.start_counter;
  s->deps = d.heads;
  // The author's previous change is always a dep, even when a later change
  // by someone else made it a non-head: it anchors the author's chain.
  if (c.seq > 1 && std::none_of(s->deps.begin(), s->deps.end(),
                                [&](const ChangeRef& h) { return h.actor == a; })) {
    s->deps.push_back({a, c.seq - 1});
    d.SortRefs(s->deps);
  }
  for (ChangeRef r : s->deps) c.deps.push_back({s->Slot(r.actor), r.seq});
  return Transaction(s);
}

OpId Document::Transaction::Set(OpId map, std::string_view key, Value value) {
  State& s = *s_;
  Object& obj = s.Obj(map);
  OpId id{s.next_counter++, s.author};
  MapSet op{s.ToChange(map), std::string(key), value, {}};
  auto& vals = obj.entries[op.key];
  op.pred.reserve(vals.size());
  for (const RegEntry& e : vals) op.pred.push_back(s.ToChange(e.id));
  vals.clear();
  vals.push_back({id, std::move(value)});
  if (const auto* mk = std::get_if<MakeObject>(&op.value)) {
    s.d().MakeObj(id, mk->type, map.counter == 0 ? kRootObject : map, key);
    s.Forget();
  }
  s.change.ops.emplace_back(std::move(op));
  return id;
}

void Document::Transaction::Delete(OpId map, std::string_view key) {
  State& s = *s_;
  Object& obj = s.Obj(map);
  auto it = obj.entries.find(key);
  if (it == obj.entries.end() || it->second.empty()) return;
  MapDelete op{s.ToChange(map), std::string(key), {}};
  for (const RegEntry& e : it->second) op.pred.push_back(s.ToChange(e.id));
  obj.entries.erase(it);
  ++s.next_counter;
  s.change.ops.emplace_back(std::move(op));
}

void Document::Transaction::InsertText(OpId text, size_t pos, std::string_view utf8) {
  if (utf8.empty()) return;
  State& s = *s_;
  OpId first{s.next_counter, s.author};
  InsertOrigins o = s.Obj(text).seq->LocalInsertText(pos, utf8, first);
  SeqInsert ins{s.ToChange(text), s.ToChange(o.left), s.ToChange(o.right), std::string(utf8), {}};
  s.next_counter += OpWidth(s.change.ops.emplace_back(std::move(ins)));
}

void Document::Transaction::DeleteText(OpId text, size_t pos, size_t len) {
  s_->DeleteSpans(text, pos, len);
}

namespace {
bool IsContinuation(char c) { return (static_cast<uint8_t>(c) & 0xc0) == 0x80; }
size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}
}  // namespace

void Document::Transaction::ReplaceText(OpId text, std::string_view utf8) {
  std::string old = s_->Obj(text).seq->Text();
  size_t prefix = 0;
  size_t max_prefix = std::min(old.size(), utf8.size());
  while (prefix < max_prefix && old[prefix] == utf8[prefix]) ++prefix;
  while (prefix > 0 && prefix < old.size() && IsContinuation(old[prefix])) --prefix;
  size_t suffix = 0;
  size_t max_suffix = std::min(old.size(), utf8.size()) - prefix;
  while (suffix < max_suffix && old[old.size() - 1 - suffix] == utf8[utf8.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && IsContinuation(old[old.size() - suffix])) --suffix;
  std::string_view old_mid(old.data() + prefix, old.size() - prefix - suffix);
  std::string_view new_mid = utf8.substr(prefix, utf8.size() - prefix - suffix);
  size_t pos = CodePointCount(std::string_view(old).substr(0, prefix));
  DeleteText(text, pos, CodePointCount(old_mid));
  InsertText(text, pos, new_mid);
}

OpId Document::Transaction::InsertValue(OpId list, size_t pos, Value value) {
  State& s = *s_;
  OpId first{s.next_counter, s.author};
  if (const auto* mk = std::get_if<MakeObject>(&value)) {
    s.d().MakeObj(first, mk->type, list, "");
    s.Forget();
  }
  std::vector<Value> vals{value};
  InsertOrigins o = s.Obj(list).seq->LocalInsertValues(pos, vals, first);
  s.change.ops.emplace_back(
      SeqInsert{s.ToChange(list), s.ToChange(o.left), s.ToChange(o.right), "", std::move(vals)});
  ++s.next_counter;
  return first;
}

void Document::Transaction::DeleteValues(OpId list, size_t pos, size_t len) {
  s_->DeleteSpans(list, pos, len);
}

void Document::Transaction::Domain(uint32_t kind, Bytes payload) {
  State& s = *s_;
  OpId id{s.next_counter++, s.author};
  s.d().domain.push_back({id, ChangeRef{s.author, s.change.seq}, kind, payload});
  s.change.ops.emplace_back(DomainOp{kind, std::move(payload)});
}

const Change& Document::Transaction::change() const { return s_->change; }

Result<Document::Transaction::Committed> Document::Transaction::Commit() {
  State& s = *s_;
  if (!s.open) return Status::FailedPrecondition("transaction already finished");
  Impl& d = s.d();
  if (s.change.ops.empty()) {
    s.open = false;
    d.txn_open = false;
    return Status::FailedPrecondition("empty transaction");
  }
  ChangeRef ref{s.author, s.change.seq};
  Verdict verdict;
  if (d.policy) {
    verdict = d.policy->Judge(*s.saved, s.change);
    if (verdict.valid && d.IsVoid(ref)) verdict = {false, "author removed", {}};
    if (!verdict.valid) {
      Abort();
      return Status::PermissionDenied(verdict.reason);
    }
  }
  ChangeRec rec;
  rec.start_counter = s.change.start_counter;
  rec.last_counter = s.next_counter - 1;
  Bytes encoded = EncodeChange(s.change);
  d.Record(ref, rec, encoded, s.deps);
  if (!verdict.note.empty()) d.notes[ref] = std::move(verdict.note);
  s.open = false;
  s.saved.reset();
  d.txn_open = false;
  bool domain = std::any_of(s.change.ops.begin(), s.change.ops.end(),
                            [](const Op& op) { return std::holds_alternative<DomainOp>(op); });
  if (domain) d.RefreshVoid(*s.doc);
  return Committed{std::move(s.change), std::move(encoded)};
}

void Document::Transaction::Abort() {
  State& s = *s_;
  if (!s.open) return;
  s.open = false;
  if (s.saved) {
    // The scratch (this State) moves to the restored impl before the
    // current one is destroyed.
    Document* doc = s.doc;
    Document restored = std::move(*s.saved);
    s.saved.reset();
    restored.impl_->txn_state = std::move(doc->impl_->txn_state);
    *doc = std::move(restored);
  } else if (!s.change.ops.empty()) {
    s.d().Rebuild();  // no copy was taken: replay the log without this change
  }
  s.d().txn_open = false;
}

}  // namespace mutual::crdt
