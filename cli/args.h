// The `mutual` command line, parsed against the command table
// (cli/commands.h): which command, its positional arguments and options,
// and the global options (--home, --json, --help), which may come before or
// after the command name.
//
// Spellings: `--opt VALUE`, `--opt=VALUE`, `-o VALUE`; `--` ends options.
// Every structural mistake (unknown command or option, a missing value or
// argument, an extra argument, a single-value option given twice) is an
// InvalidArgument whose message is meant for the person typing.
//
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "libsync/util/status.h"

namespace mutual::cli {

struct Invocation {
  // nullptr for `mutual --help`, `mutual help`, `mutual --version` and for a
  // bare `mutual` (no command at all).
  const CommandSpec* spec = nullptr;
  std::vector<std::string> positionals;  // one per spec->positionals
  // Values by long option name; a flag without a value holds one "".
  std::map<std::string, std::vector<std::string>> options;
  std::optional<std::string> home;  // --home
  bool json = false;                // --json
  bool help = false;                // --help, -h, or `mutual help [COMMAND]`
  bool version = false;             // --version

  bool Has(const std::string& name) const { return options.count(name) != 0; }
  // The value of a single-value option; nullptr when absent.
  const std::string* Get(const std::string& name) const;
  // Every value of a repeatable option, in command-line order.
  std::vector<std::string> GetAll(const std::string& name) const;
};

// `args` excludes the program name. For `--help` and `help` the command's
// positional arguments are not checked.
Result<Invocation> ParseArgs(const std::vector<std::string>& args);

// True when `--json` appears among the options of `args`, so an error from
// ParseArgs itself can still be reported as JSON.
bool WantsJson(const std::vector<std::string>& args);

}  // namespace mutual::cli
