// Plan: one device's replica of a shared plan, with one method per user
// action (DESIGN.md §1, §8). Each action makes exactly one local change
// (a crdt::Document::Transaction) and returns it, committed, with its
// encoded bytes for the sync layer to seal and send. Changes from peers
// come in through ApplyRemote. The document judges every change with
// PlanPolicy, so an action the rules forbid fails with PermissionDenied and
// leaves nothing behind; bad input (unknown or ambiguous ids, a field the
// kind does not have) fails with InvalidArgument or NotFound first.
//
// Ids given to actions may be abbreviated to any unique prefix.
// Times (`now_ms`) are passed in: the plan layer reads no clock.
//
// Thread-safety: single-threaded; one owner.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/crdt/document.h"
#include "libsync/plan/key_epochs.h"
#include "libsync/plan/membership.h"
#include "libsync/plan/view.h"

namespace mutual::plan {

using Committed = crdt::Document::Transaction::Committed;

struct NewItem {
  std::string section{};
  std::string kind{};  // "" = the section's default kind
  // "" = the default (me in own-mode kinds, us elsewhere); "us"; "me"; or
  // member ids separated by ",".
  std::string about{};
  std::map<std::string, std::string> fields{};  // dotted path -> value
  std::string review_by{};                      // "YYYY-MM-DD" or ""
};

struct ItemCreated {
  std::string id;
  Committed committed;
};

class Plan {
 public:
  // A replica for `device` (its Ed25519 key). Empty until Create() or until
  // the plan's changes arrive through ApplyRemote().
  explicit Plan(const crdt::ActorId& device);

  const crdt::ActorId& device() const { return device_; }
  const crdt::Document& document() const { return doc_; }
  // The member this device belongs to; "" when not (yet) a member.
  std::string member() const;
  Membership members() const;

  // ---------------------------------------------------------- the plan
  // The genesis change: the creator becomes the only member, named
  // `member_name`, with `device_record` (an encoded crypto::DeviceRecord of
  // this device). `template_id`: blank, relational, relational+safety-steps.
  Result<Committed> Create(std::string_view title, std::string_view template_id,
                           std::string_view member_name, ByteView device_record,
                           int64_t now_ms);
  Result<Committed> SetTitle(std::string_view title, int64_t now_ms);
  // A section made by `section add`. A standard section id keeps its
  // catalog spec (allowed kinds, default kind) unless `default_kind` is
  // given; a custom id takes every kind. `default_kind` ("" = the catalog's
  // default, `note` for a custom section) is what AddItem uses when the new
  // item names no kind: InvalidArgument when it is not a catalog kind or the
  // section does not take it. AlreadyExists when the section exists.
  Result<Committed> AddSection(std::string_view id, std::string_view title,
                               std::string_view default_kind, int64_t now_ms);
  Result<Committed> AddSection(std::string_view id, std::string_view title,
                               int64_t now_ms) {
    return AddSection(id, title, "", now_ms);
  }

  // ---------------------------------------------------------- items
  Result<ItemCreated> AddItem(const NewItem& item, int64_t now_ms);
  // Sets fields (text by a minimal edit, scalars replacing every value).
  Result<Committed> Edit(std::string_view item,
                         const std::map<std::string, std::string>& fields,
                         int64_t now_ms);
  // Chooses one value for a conflicted scalar (an edit).
  Result<Committed> Resolve(std::string_view item, std::string_view field,
                            std::string_view value, int64_t now_ms);
  Result<Committed> SetReviewBy(std::string_view item, std::string_view date,
                                int64_t now_ms);

  // ---------------------------------------------------------- consent
  // Endorses the current content; on a removal-proposed item, endorses the
  // removal instead.
  Result<Committed> Agree(std::string_view item, int64_t now_ms);
  // Withdraws (never blocked); on a removal-proposed item, declines the
  // removal instead.
  Result<Committed> Withdraw(std::string_view item, std::string_view reason,
                             int64_t now_ms);
  Result<Committed> Revisit(std::string_view item, std::string_view reason,
                            int64_t now_ms);
  Result<Committed> Ack(std::string_view item, int64_t now_ms);
  Result<Committed> Suggest(std::string_view item, std::string_view field,
                            std::string_view text, int64_t now_ms);
  // `take`: the owner takes the suggestion into the field (one change: the
  // edit plus the dismissal marked taken).
  Result<Committed> Dismiss(std::string_view item, std::string_view suggestion, bool take,
                            int64_t now_ms);
  Result<Committed> Respond(std::string_view item, std::string_view text, int64_t now_ms);
  // Deletes the author's own never-endorsed item directly; otherwise
  // proposes the removal.
  Result<Committed> Remove(std::string_view item, std::string_view reason,
                           int64_t now_ms);

  // ---------------------------------------------------------- membership
  // Returns the new member's id (a slug of `name`) through `member_id`.
  Result<Committed> Invite(std::string_view name, int64_t now_ms, std::string* member_id);
  Result<Committed> Approve(std::string_view member_id, int64_t now_ms);
  // Adds the member `member_or_name` (an invited id, or a name when this is
  // a one-member plan) with their first device.
  Result<Committed> AddMember(std::string_view member_or_name, ByteView device_record,
                              int64_t now_ms);
  // Adds another device of this device's member.
  Result<Committed> AddDevice(ByteView device_record, int64_t now_ms);
  Result<Committed> Leave(int64_t now_ms);
  Result<Committed> ApproveRemoval(std::string_view member_id, int64_t now_ms);
  Result<Committed> RemoveMember(std::string_view member_id, int64_t now_ms);

  // ---------------------------------------------------------- key epochs
  // A new doc key, `keys` = that key sealed to every current member device
  // (CurrentDevices order); a share of epoch `epoch`'s key with devices
  // that lack it. The caller seals (crypto::SealDocKeyTo); the policy
  // refuses recipients that are not current member devices.
  Result<Committed> RotateKey(std::vector<SealedKey> keys, int64_t now_ms);
  Result<Committed> ShareKey(const crypto::Hash32& epoch, std::vector<SealedKey> keys,
                             int64_t now_ms);
  KeyEpochs Keys() const { return FoldKeyEpochs(doc_); }

  // ---------------------------------------------------------- sync
  Result<crdt::Document::ApplyOutcome> ApplyRemote(const crdt::Change& change,
                                                   Bytes encoded);

  // The sync layer's document concept (libsync/sync/sync_document.h).
  Result<crdt::Document::ApplyOutcome> Apply(const crdt::Change& change, Bytes encoded) {
    return ApplyRemote(change, std::move(encoded));
  }
  crdt::ChangeStatus StatusOf(const crdt::ChangeId& id) const { return doc_.StatusOf(id); }
  const crdt::VersionVector& version() const { return doc_.version(); }
  // Devices of members now or ever. Before the plan exists (a replica that
  // has not received the genesis yet) every device is accepted: the
  // genesis names the creator, and later changes are judged against it.
  bool IsKnownDevice(const crdt::ActorId& device) const;

  // ---------------------------------------------------------- reads
  // The plan's title ("" before the genesis), without building the view.
  std::string Title() const;
  // The full item id for a unique prefix. NotFound / InvalidArgument
  // (ambiguous).
  Result<std::string> ResolveItemId(std::string_view prefix) const;
  // The read model; `now_ms` decides which review dates are due. Removed
  // items are left out. PlanView::id stays empty: the plan's id belongs to
  // the layers that store and sync it, which fill it in.
  PlanView View(int64_t now_ms) const;
  // Only the title and members of View() (no sections): enough to name
  // people, at a fraction of the cost.
  PlanView MembersView() const;

 private:
  Result<Committed> ItemOp(PlanOp op, int64_t now_ms);
  Result<Committed> MembershipOp(PlanOp op, int64_t now_ms);
  Result<std::string> RequireMember() const;

  crdt::ActorId device_;
  crdt::Document doc_;
};

}  // namespace mutual::plan
