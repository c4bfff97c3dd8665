#include "cli/commands.h"

namespace mutual::cli {
namespace {

using wire::Command;

constexpr OptionSpec kPlan{
    "plan", "", "PLAN", false,
    "the plan (id prefix or title); may be left out with only one plan"};
constexpr OptionSpec kFieldSet{"field", "", "NAME=TEXT", true,
                               "set a field; nested fields use dots (each_will.alex)"};
constexpr OptionSpec kFieldRequired{
    "field",
    "",
    "NAME=TEXT",
    true,
    "the field to set (at least one); nested fields use dots",
    true};
constexpr OptionSpec kKind{"kind", "", "KIND", false,
                           "the item kind (note, agreement, ...)"};
constexpr OptionSpec kReason{"reason", "", "R", false,
                             "why, in a few words, for the others"};
constexpr OptionSpec kPassFd{"passphrase-fd", "", "FD", false,
                             "read the passphrase from file descriptor FD (one line)"};

std::vector<CommandSpec> BuildCommands() {
  return {
      {"init",
       Command::kInit,
       {},
       {{"name", "", "NAME", false, "this device's name, shown to the other members",
         true},
        {"passphrase", "", "", false, "protect the keys with a passphrase (asked twice)"},
        kPassFd},
       "set up this device's home",
       "Creates this device's keys and database in the home directory. With --passphrase "
       "(or --passphrase-fd) the keys are sealed with a passphrase that `mutual unlock` "
       "asks for after each restart of the daemon."},
      {"new",
       Command::kNew,
       {"TITLE"},
       {{"template", "", "TEMPLATE", false,
         "relational (default), relational+safety-steps or blank"}},
       "start a new plan",
       "Creates a new plan with you as its only member, laid out by a template. Prints "
       "the new plan's id."},
      {"plans",
       Command::kPlans,
       {},
       {},
       "list your plans",
       "Lists the plans this device belongs to: id, title and number of members.",
       true},
      {"section add",
       Command::kSectionAdd,
       {"ID", "TITLE"},
       {kPlan, kKind},
       "add a section to a plan",
       "Adds a section with the short id ID and the title TITLE at the end of the plan. "
       "Its items may be of any kind; --kind sets the kind `add` uses by default."},
      {"show",
       Command::kShow,
       {},
       {kPlan},
       "show a plan",
       "Prints the plan: every section and item with its current state (who agreed, what "
       "is waiting for whom, open suggestions).",
       true},
      {"add",
       Command::kAdd,
       {"SECTION"},
       {kPlan,
        kKind,
        {"about", "", "me|us|MEMBER", true, "who the item is about (repeatable)"},
        kFieldSet},
       "add an item to a section",
       "Adds an item to SECTION. Without --field, opens $VISUAL or $EDITOR on a form "
       "with the kind's fields; fields left empty are not set. The item starts as a "
       "proposal that the others agree to or acknowledge."},
      {"edit",
       Command::kEdit,
       {"ITEM"},
       {kPlan, kFieldSet},
       "change an item's fields",
       "Changes fields of ITEM (any unique id prefix). Without --field, opens $VISUAL or "
       "$EDITOR on a form holding the item's current fields; only changed fields are "
       "sent. An agreed item needs everyone's agreement again after an edit."},
      {"agree",
       Command::kAgree,
       {"ITEM"},
       {kPlan},
       "agree to an item's current wording",
       "Records that you agree to the current wording of ITEM. It is agreed once every "
       "member has agreed to the same wording."},
      {"ack",
       Command::kAck,
       {"ITEM"},
       {kPlan},
       "acknowledge an item about someone else",
       "Records that you have read ITEM, an item another member wrote about themselves."},
      {"suggest",
       Command::kSuggest,
       {"ITEM"},
       {kPlan, kFieldRequired},
       "suggest a change to someone's item",
       "Suggests new text for fields of ITEM, an item that belongs to another member; "
       "they may take the suggestion or dismiss it. At least one --field is required."},
      {"dismiss",
       Command::kDismiss,
       {"SUGGESTION"},
       {kPlan},
       "dismiss a suggestion on your item",
       "Dismisses the open suggestion SUGGESTION (any unique id prefix) on one of your "
       "items."},
      {"withdraw",
       Command::kWithdraw,
       {"ITEM"},
       {kPlan, kReason},
       "withdraw your agreement",
       "Withdraws your agreement to ITEM. The item stops being agreed until you agree "
       "again; --reason tells the others why."},
      {"revisit",
       Command::kRevisit,
       {"ITEM"},
       {kPlan, kReason},
       "ask to talk about an item again",
       "Marks ITEM as one you want to revisit together, without withdrawing your "
       "agreement; --reason tells the others why."},
      {"remove",
       Command::kRemove,
       {"ITEM"},
       {kPlan},
       "remove an item",
       "Removes ITEM. An item you wrote alone goes at once; removing an item others "
       "agreed to is a proposal they endorse."},
      {"resolve",
       Command::kResolve,
       {"ITEM"},
       {kPlan, kFieldRequired},
       "choose one value of a conflicted field",
       "Resolves a conflict on ITEM: devices set different values for a field at the "
       "same time; --field NAME=VALUE picks the one to keep."},
      {"log",
       Command::kLog,
       {},
       {kPlan},
       "show a plan's history",
       "Prints the history of the plan: who changed, agreed to or withdrew what, and "
       "when.",
       true},
      {"export",
       Command::kExport,
       {},
       {kPlan,
        {"format", "", "md|html|json", false, "the output format", true},
        {"output", "o", "FILE", false, "write to FILE (created with mode 0600)"}},
       "export a plan",
       "Writes the plan as Markdown, HTML or JSON, to standard output or, with -o, to "
       "FILE. FILE is replaced in one step, so it is never left half written."},
      {"leave",
       Command::kLeave,
       {},
       {kPlan},
       "leave a plan",
       "Leaves the plan: the other members keep it, you stop receiving changes."},
      {"unlock",
       Command::kUnlock,
       {},
       {kPassFd},
       "unlock the keys with the passphrase",
       "Unlocks this device's keys, sealed by `init --passphrase`, for the running "
       "daemon. Asks for the passphrase on the terminal unless --passphrase-fd is "
       "given."},
      {"status",
       Command::kStatus,
       {},
       {},
       "show this device's status",
       "Prints whether this device is set up and unlocked, its name and id, the home "
       "directory, the daemon's version, the number of plans and the TCP port it "
       "listens on.",
       true},
      {"peers",
       Command::kPeers,
       {},
       {},
       "list the other member devices",
       "Lists the devices of the other members of your plans (device id, member, plan) "
       "and the addresses this device dials.",
       true},
      {"invite",
       Command::kInvite,
       {},
       {kPlan,
        {"name", "", "NAME", false,
         "the person you invite (needed when the plan has other members)"},
        {"my-device", "", "", false,
         "pair another device of yours instead of a new member"}},
       "invite someone (or your other device) with a short code",
       "Prints a pairing code such as 7-crossover-clockwork and waits until it is used. "
       "Say the code to the other person; on their device they run 'mutual join CODE' "
       "(it finds this device by its LAN beacon; from another network add --peer "
       "HOST:PORT with this device's address, the port is in 'mutual status'). "
       "The code works for one attempt and expires after 10 minutes. Adding a member "
       "needs every member's approval: on a plan that already has other members, "
       "name the person with --name; the invitation is recorded in the plan, and the "
       "code works only once every other member ran 'mutual approve NAME' (its 10 "
       "minutes start then). Asking again for the same name gives a new code for the "
       "same invitation.",
       false},
      {"approve",
       Command::kApprove,
       {"NAME"},
       {kPlan},
       "approve adding the person someone invited",
       "Records, in a signed change, that you agree to NAME (an open invitation's name "
       "or id) becoming a member. A new member reads the whole plan, so every member "
       "must approve; the inviter's code starts working once the last approval "
       "reaches their device. 'mutual log' shows who invited whom.",
       false},
      {"join",
       Command::kJoin,
       {"CODE"},
       {{"peer", "", "HOST:PORT", false,
         "the inviting device's address (default: find it on the LAN)"}},
       "join a plan with the code someone read to you",
       "Connects to the inviting device, proves that both know the code (CPace, so the "
       "code cannot be guessed offline), and joins the plan; its history then arrives "
       "by sync. Without --peer, this device listens up to 30 seconds for the inviting "
       "device's LAN beacon, which carries only the code's number.",
       false},
      {"verify",
       Command::kVerify,
       {},
       {kPlan,
        {"member", "", "MEMBER", false, "only this member's devices (name or id)"},
        {"confirm", "", "MEMBER", false,
         "record that you compared MEMBER's numbers in person and they matched"}},
       "show safety numbers to compare with the others",
       "Prints, for each device of the other members, a 60-digit safety number derived "
       "from both devices' identity keys. The other person sees the same digits for your "
       "device; if they match, nobody sits between your devices. Once you compared them "
       "in person, --confirm MEMBER records it: `mutual peers` then shows that member's "
       "devices as verified.",
       false},
      {"watch",
       Command::kWatch,
       {},
       {kPlan},
       "follow a plan's changes as they happen",
       "Prints one line per change as it arrives, made on this device or received from "
       "another member's, in the words of `mutual log` (with --json, one JSON object "
       "per line), until interrupted. A watcher that falls far behind is stopped with a "
       "message.",
       true},
      {"peers add",
       Command::kPeersAdd,
       {"HOST:PORT"},
       {},
       "dial another device at an address",
       "Remembers HOST:PORT and connects to it now and after every restart. Only a "
       "member device of one of your plans is accepted there; the plans you share then "
       "sync both ways.",
       false},
  };
}

}  // namespace

const std::vector<OptionSpec>& GlobalOptions() {
  static const std::vector<OptionSpec> kGlobal = {
      {"home", "", "DIR", false,
       "the device home (default $MUTUAL_HOME, then "
       "$XDG_DATA_HOME/mutual)"},
      {"json", "", "", false,
       "machine-readable output (show, log, plans, status, peers, watch, errors)"},
      {"help", "h", "", false, "show help"},
  };
  return kGlobal;
}

const std::vector<CommandSpec>& AllCommands() {
  static const std::vector<CommandSpec> kCommands = BuildCommands();
  return kCommands;
}

const CommandSpec* FindCommand(std::string_view name) {
  for (const auto& c : AllCommands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace mutual::cli
