// The command table of the `mutual` CLI: every command's name, positional
// arguments, options and help text (doc/control-api.md lists what each
// command sends to the daemon).
//
// Pure data plus lookups. The table lives in static storage for the whole
// program, so the pointers FindCommand returns never dangle.
//
// Thread-safety: immutable after static initialisation; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "libsync/wire/control_codec.h"

namespace mutual::cli {

// The project version (CMake's PROJECT_VERSION), printed by `mutual --version`.
inline constexpr std::string_view kCliVersion = MUTUAL_VERSION;

struct OptionSpec {
  std::string_view name;        // long name without dashes: "plan"
  std::string_view short_name;  // one letter ("o") or ""
  std::string_view value_name;  // "PLAN"; empty for a flag without a value
  bool repeatable = false;      // may be given more than once
  std::string_view help;        // one line
  bool required = false;        // the command fails without it

  bool TakesValue() const { return !value_name.empty(); }
};

struct CommandSpec {
  std::string_view name;  // "init", "section add"
  wire::Command command;
  std::vector<std::string_view> positionals;  // "ID", "TITLE": all required
  std::vector<OptionSpec> options;            // besides the global ones
  std::string_view summary;                   // one line for the overview
  std::string_view description;               // one paragraph for --help
  // --json changes the output (show, log, plans, status).
  bool json_output = false;
};

// Options every command accepts, before or after the command name.
const std::vector<OptionSpec>& GlobalOptions();

// Every command in the order the overview lists them.
const std::vector<CommandSpec>& AllCommands();

// nullptr when `name` is not a command ("section add" is one name).
const CommandSpec* FindCommand(std::string_view name);

}  // namespace mutual::cli
