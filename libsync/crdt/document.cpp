// Document: construction and the read API. Applying changes lives in
// doc_apply.cpp, local transactions in doc_txn.cpp, causality in
// doc_causal.cpp, snapshots in doc_snapshot.cpp.
#include "libsync/crdt/document.h"

#include <algorithm>

#include "libsync/crdt/doc_impl.h"

namespace mutual::crdt {

Document::Document(const Policy* policy) : impl_(std::make_unique<Impl>(policy)) {}
Document::Document(const Document& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
Document& Document::operator=(const Document& o) {
  if (this != &o) impl_ = std::make_unique<Impl>(*o.impl_);
  return *this;
}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

const ActorTable& Document::actors() const { return *impl_->actors; }

std::optional<ObjType> Document::TypeOf(OpId obj) const {
  const Object* o = impl_->Find(obj);
  if (!o) return std::nullopt;
  return o->type;
}

std::vector<RegisterValue> Document::Get(OpId map, std::string_view key) const {
  std::vector<RegisterValue> out;
  const Object* o = impl_->Find(map);
  if (!o || o->type != ObjType::kMap) return out;
  auto it = o->entries.find(key);
  if (it == o->entries.end()) return out;
  for (const RegEntry& e : it->second) {
    auto ch = impl_->ChangeOfOp(e.id);
    // During a local transaction the writing change is not in the log yet.
    ChangeId cid = ch ? impl_->IdOf(*ch)
                      : ChangeId{impl_->actors->Key(e.id.actor),
                                 e.id.actor < impl_->logs.size()
                                     ? impl_->logs[e.id.actor].size() + 1
                                     : 1};
    out.push_back({e.id, e.value, cid});
  }
  return out;
}

std::vector<std::string> Document::Keys(OpId map) const {
  std::vector<std::string> out;
  const Object* o = impl_->Find(map);
  if (!o || o->type != ObjType::kMap) return out;
  for (const auto& [k, v] : o->entries) {
    if (!v.empty()) out.push_back(k);
  }
  return out;
}

const Sequence& Document::Seq(OpId seq_obj) const { return *impl_->Find(seq_obj)->seq; }

std::string Document::Text(OpId text) const {
  const Object* o = impl_->Find(text);
  if (!o || o->type != ObjType::kText) return "";
  return o->seq->Text();
}

std::optional<std::pair<OpId, std::string>> Document::ParentOf(OpId obj) const {
  if (obj.counter == 0) return std::nullopt;
  const Object* o = impl_->Find(obj);
  if (!o) return std::nullopt;
  return std::make_pair(o->parent, o->key);
}

std::vector<DomainRecord> Document::DomainOps() const {
  const Impl& d = *impl_;
  std::vector<const DomainEntry*> sorted;
  sorted.reserve(d.domain.size());
  for (const DomainEntry& e : d.domain) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [&](const DomainEntry* a, const DomainEntry* b) {
    return d.actors->OpLess(a->id, b->id);
  });
  std::vector<DomainRecord> out;
  out.reserve(sorted.size());
  for (const DomainEntry* e : sorted) {
    DomainRecord r{e->id, d.IdOf(e->change), e->kind, e->payload, {}};
    if (auto it = d.notes.find(e->change); it != d.notes.end()) r.note = it->second;
    out.push_back(std::move(r));
  }
  return out;
}

const VersionVector& Document::version() const {
  const Impl& d = *impl_;
  if (d.version_stale) {
    // Rebuilt on demand: the local path would otherwise pay a map lookup
    // per commit.
    d.version = VersionVector();
    for (ActorIndex a = 0; a < d.logs.size(); ++a) {
      if (!d.logs[a].empty()) d.version.Set(d.actors->Key(a), d.logs[a].size());
    }
    d.version_stale = false;
  }
  return d.version;
}

ChangeStatus Document::StatusOf(const ChangeId& id) const {
  if (auto r = impl_->RefOf(id)) return impl_->Rec(*r)->status();
  if (impl_->pending.count(id)) return ChangeStatus::kPending;
  return ChangeStatus::kUnknown;
}

std::string Document::ReasonOf(const ChangeId& id) const {
  auto r = impl_->RefOf(id);
  if (!r) return "";
  auto it = impl_->reasons.find(*r);
  return it == impl_->reasons.end() ? "" : it->second;
}

const Change& Document::GetChange(const ChangeId& id) const {
  ChangeRef r = *impl_->RefOf(id);
  auto& slot = impl_->decoded[r];
  if (!slot) slot = std::make_unique<Change>(std::move(impl_->Decode(r)).value());
  return *slot;
}

ByteView Document::EncodedChange(const ChangeId& id) const {
  return impl_->Encoded(*impl_->RefOf(id));
}

size_t Document::PendingCount() const { return impl_->pending.size(); }

std::vector<const Change*> Document::PendingChanges() const {
  std::vector<const Change*> out;
  out.reserve(impl_->pending.size());
  for (const auto& [id, held] : impl_->pending) out.push_back(&held.change);
  return out;
}

}  // namespace mutual::crdt
