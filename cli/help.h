// Help text of the `mutual` CLI: the overview (`mutual --help`), one
// command's page (`mutual CMD --help`, `mutual help CMD`) and the version.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace mutual::cli {

// The words of the synopsis: "mutual new", "TITLE", "[--template TEMPLATE]".
// Optional options are bracketed, repeatable ones end in "...".
std::vector<std::string> SynopsisParts(const CommandSpec& spec);

// "mutual new TITLE [--template TEMPLATE]": the parts joined by spaces.
std::string Synopsis(const CommandSpec& spec);

// Synopsis, description paragraph, then the command's options and the
// global ones, one per line.
std::string CommandHelp(const CommandSpec& spec);

// Usage line, every command with its one-line summary, global options.
std::string OverviewHelp();

// "mutual 0.1.0\n".
std::string VersionText();

}  // namespace mutual::cli
