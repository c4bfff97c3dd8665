#include "libsync/plan/consent.h"

#include <algorithm>

namespace mutual::plan {
namespace {

using Type = ConsentEvent::Type;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool Before(const ConsentInput& in, size_t a, size_t b) {
  return a < b && in.before && in.before(a, b);
}

// Indexes of `member`'s events of the given types, restricted by `within`.
std::vector<size_t> Select(const ConsentInput& in, const std::string& member,
                           std::initializer_list<Type> types,
                           const std::function<bool(size_t)>& within) {
  std::vector<size_t> out;
  for (size_t i = 0; i < in.events.size(); ++i) {
    const ConsentEvent& e = in.events[i];
    if (e.member != member) continue;
    if (std::find(types.begin(), types.end(), e.type) == types.end()) continue;
    if (within && !within(i)) continue;
    out.push_back(i);
  }
  return out;
}

// The events of `ids` that no other event of `ids` causally follows.
std::vector<size_t> Newest(const ConsentInput& in, const std::vector<size_t>& ids) {
  std::vector<size_t> out;
  for (size_t i : ids) {
    bool superseded =
        std::any_of(ids.begin(), ids.end(), [&](size_t j) { return Before(in, i, j); });
    if (!superseded) out.push_back(i);
  }
  return out;
}

bool EndorsesHash(const Stance& s, const ContentHash& h) {
  return s.kind == Stance::kEndorse && s.hash == h;
}

// The newest revisit request of `member` that no later endorsement or
// acknowledgement of theirs answered.
std::optional<size_t> StandingRevisit(const ConsentInput& in, const std::string& member) {
  std::vector<size_t> revisits = Select(in, member, {Type::kRevisit}, nullptr);
  std::vector<size_t> answers = Select(in, member, {Type::kEndorse, Type::kAck}, nullptr);
  for (auto it = revisits.rbegin(); it != revisits.rend(); ++it) {
    bool answered = std::any_of(answers.begin(), answers.end(),
                                [&](size_t a) { return Before(in, *it, a); });
    if (!answered) return *it;
  }
  return std::nullopt;
}

// True when every member of the moment of endorsement `e` endorsed the hash
// `e` endorses, judged in the state made of `e`'s causal past (inclusive)
// and the endorsements of that hash concurrent with `e`, with their pasts.
// Two members who endorse at the same time, neither having seen the other,
// complete an agreement together: some replica can have held exactly those
// endorsements, and every replica that later receives both says "agreed".
bool CompletesAgreement(const ConsentInput& in, size_t e) {
  const ConsentEvent& ev = in.events[e];
  std::vector<size_t> roots{e};
  for (size_t j = 0; j < in.events.size(); ++j) {
    const ConsentEvent& o = in.events[j];
    if (j != e && o.type == Type::kEndorse && o.hash == ev.hash &&
        Contains(ev.then_members, o.member) && !Before(in, j, e) && !Before(in, e, j)) {
      roots.push_back(j);
    }
  }
  auto within = [&](size_t j) {
    return std::any_of(roots.begin(), roots.end(),
                       [&](size_t r) { return j == r || Before(in, j, r); });
  };
  for (const std::string& m : ev.then_members) {
    if (!EndorsesHash(StanceOf(in, m, Type::kEndorse, within), ev.hash)) return false;
  }
  return !ev.then_members.empty();
}

// last_agreed: the hash endorsed by the causally newest completing
// endorsements (hash tie-break among concurrent ones: the greater hash).
std::optional<ContentHash> LastAgreed(const ConsentInput& in) {
  std::vector<size_t> completing;
  for (size_t i = 0; i < in.events.size(); ++i) {
    if (in.events[i].type == Type::kEndorse && CompletesAgreement(in, i)) {
      completing.push_back(i);
    }
  }
  std::optional<ContentHash> best;
  for (size_t i : Newest(in, completing)) {
    if (!best || *best < in.events[i].hash) best = in.events[i].hash;
  }
  return best;
}

// Fills removal / removed from the removal events.
void EvaluateRemoval(const ConsentInput& in, ConsentResult& out) {
  std::optional<size_t> proposal;
  for (size_t i = 0; i < in.events.size(); ++i) {
    const ConsentEvent& e = in.events[i];
    if (e.type == Type::kRemovePropose) proposal = i;
    if (e.type != Type::kRemoveDirect) continue;
    // A direct delete stands only if no other member endorsed or
    // acknowledged the item outside its causal past (the policy rejected
    // it if one did inside); otherwise it counts as a proposal.
    bool contested = false;
    for (size_t j = 0; j < in.events.size(); ++j) {
      const ConsentEvent& o = in.events[j];
      if ((o.type == Type::kEndorse || o.type == Type::kAck) && o.member != e.member &&
          !Before(in, j, i)) {
        contested = true;
      }
    }
    if (!contested) {
      out.removed = true;
      return;
    }
    proposal = i;
  }
  if (!proposal) return;
  const size_t p = *proposal;
  const ConsentEvent& pe = in.events[p];
  RemovalState rs{pe.member, pe.reason, {pe.member}};
  std::vector<size_t> endorsing{p};
  auto after_p = [&](size_t j) { return Before(in, p, j); };
  for (const std::string& m : in.members) {
    std::vector<size_t> resp =
        Select(in, m, {Type::kRemovalEndorse, Type::kRemovalDecline}, after_p);
    std::vector<size_t> newest = Newest(in, resp);
    if (newest.empty()) continue;
    bool declined = std::any_of(newest.begin(), newest.end(), [&](size_t j) {
      return in.events[j].type == Type::kRemovalDecline;
    });
    if (declined) return;  // a declined proposal is closed
    if (m != pe.member) rs.endorsed_by.push_back(m);
    endorsing.push_back(newest.back());
  }
  bool everyone =
      std::all_of(in.members.begin(), in.members.end(),
                  [&](const std::string& m) { return Contains(rs.endorsed_by, m); });
  // As for agreement, no membership change may complete a removal: some
  // endorsement of it must have been made when every then-member agreed.
  bool complete = std::any_of(endorsing.begin(), endorsing.end(), [&](size_t j) {
    const auto& then = in.events[j].then_members;
    return std::all_of(then.begin(), then.end(),
                       [&](const std::string& m) { return Contains(rs.endorsed_by, m); });
  });
  if (everyone && complete) {
    out.removed = true;
    return;
  }
  out.removal = std::move(rs);
}

ItemState AgreeState(const ConsentInput& in, ConsentResult& out) {
  bool any_withdrawn = false, all_endorse = true, any_endorse = false;
  for (const std::string& m : in.members) {
    const Stance& s = out.stances[m];
    if (s.kind == Stance::kWithdraw) any_withdrawn = true;
    bool current = EndorsesHash(s, in.current);
    all_endorse = all_endorse && current;
    any_endorse = any_endorse || current;
  }
  // Agreed needs, besides every current member endorsing, one standing
  // endorsement made when every member of that moment endorsed it — so
  // neither a join nor a departure can complete an agreement.
  bool complete = false;
  for (const std::string& m : in.members) {
    const Stance& s = out.stances[m];
    if (!EndorsesHash(s, in.current)) continue;
    const auto& then = in.events[s.event].then_members;
    bool all_then = std::all_of(then.begin(), then.end(), [&](const std::string& t) {
      auto it = out.stances.find(t);
      return it != out.stances.end() && EndorsesHash(it->second, in.current);
    });
    if (all_then) complete = true;
  }
  if (all_endorse && !complete) {
    for (const std::string& m : in.members) out.reconfirm.insert(m);
  }
  out.last_agreed = LastAgreed(in);
  if (all_endorse && complete) out.last_agreed = in.current;

  if (out.removal) return ItemState::kRemovalProposed;
  if (in.conflicted) return ItemState::kConflicted;
  if (any_withdrawn) return ItemState::kWithdrawn;
  if (!out.revisits.empty()) return ItemState::kRevisit;
  if (all_endorse && complete) return ItemState::kAgreed;
  if (out.last_agreed && *out.last_agreed != in.current) return ItemState::kChanged;
  if (all_endorse || (out.last_agreed && *out.last_agreed == in.current)) {
    return ItemState::kPending;
  }
  return any_endorse ? ItemState::kProposed : ItemState::kDraft;
}

ItemState OwnState(const ConsentInput& in, ConsentResult& out) {
  bool any_withdrawn = false, all_acked = true, any_other = false;
  for (const std::string& m : in.members) {
    if (Contains(in.owners, m)) continue;
    any_other = true;
    const Stance& s = out.ack_stances[m];
    if (s.kind == Stance::kWithdraw) any_withdrawn = true;
    all_acked = all_acked && EndorsesHash(s, in.current);
  }
  if (out.removal) return ItemState::kRemovalProposed;
  if (in.conflicted) return ItemState::kConflicted;
  if (any_withdrawn) return ItemState::kWithdrawn;
  if (!out.revisits.empty()) return ItemState::kRevisit;
  if (any_other && all_acked) return ItemState::kAcknowledged;
  return ItemState::kProposed;
}

}  // namespace

Stance StanceOf(const ConsentInput& in, const std::string& member, Type positive,
                const std::function<bool(size_t)>& within) {
  std::vector<size_t> newest =
      Newest(in, Select(in, member, {positive, Type::kWithdraw}, within));
  Stance s;
  if (newest.empty()) return s;
  for (auto it = newest.rbegin(); it != newest.rend(); ++it) {
    if (in.events[*it].type == Type::kWithdraw) {
      s.kind = Stance::kWithdraw;
      s.reason = in.events[*it].reason;
      s.event = *it;
      return s;
    }
  }
  s.kind = Stance::kEndorse;
  s.event = newest.back();
  s.hash = in.events[s.event].hash;
  return s;
}

ConsentResult EvaluateConsent(const ConsentInput& in) {
  ConsentResult out;
  std::set<std::string> people(in.members.begin(), in.members.end());
  for (const ConsentEvent& e : in.events) people.insert(e.member);
  for (const std::string& m : people) {
    out.stances[m] = StanceOf(in, m, Type::kEndorse);
    out.ack_stances[m] = StanceOf(in, m, Type::kAck);
  }
  for (const std::string& m : in.members) {
    if (auto r = StandingRevisit(in, m)) out.revisits[m] = in.events[*r].reason;
    if (!Contains(in.owners, m) && EndorsesHash(out.ack_stances[m], in.current)) {
      out.acks.push_back(m);
    }
  }
  EvaluateRemoval(in, out);
  if (out.removed) return out;
  out.state = in.mode == ConsentMode::kOwn ? OwnState(in, out) : AgreeState(in, out);
  return out;
}

}  // namespace mutual::plan
