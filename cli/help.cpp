#include "cli/help.h"

#include <algorithm>

namespace mutual::cli {
namespace {

constexpr size_t kWidth = 78;

std::string OptionLabel(const OptionSpec& o) {
  std::string s = o.short_name.empty() ? "    " : "-" + std::string(o.short_name) + ", ";
  s += "--" + std::string(o.name);
  if (o.TakesValue()) s += " " + std::string(o.value_name);
  return s;
}

// Fills words into lines of at most kWidth columns, each indented by
// `indent` spaces.
std::string Wrap(std::string_view text, size_t indent) {
  std::string out;
  std::string line(indent, ' ');
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (line.size() > indent && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line.assign(indent, ' ');
    }
    if (line.size() > indent) line += ' ';
    line += word;
    start = end + 1;
  }
  if (line.size() > indent) out += line + "\n";
  return out;
}

std::string OptionTable(const std::vector<OptionSpec>& options) {
  size_t width = 0;
  for (const auto& o : options) width = std::max(width, OptionLabel(o).size());
  std::string out;
  for (const auto& o : options) {
    std::string label = OptionLabel(o);
    label.resize(width, ' ');
    out += "  " + label + "  " + std::string(o.help) + "\n";
  }
  return out;
}

}  // namespace

std::vector<std::string> SynopsisParts(const CommandSpec& spec) {
  std::vector<std::string> parts = {"mutual " + std::string(spec.name)};
  for (auto p : spec.positionals) parts.emplace_back(p);
  for (const auto& o : spec.options) {
    std::string u = "--" + std::string(o.name);
    if (o.TakesValue()) u += " " + std::string(o.value_name);
    if (!o.required) u = "[" + u + "]";
    parts.push_back(u + (o.repeatable ? "..." : ""));
  }
  return parts;
}

std::string Synopsis(const CommandSpec& spec) {
  std::string s;
  for (const auto& part : SynopsisParts(spec)) s += (s.empty() ? "" : " ") + part;
  return s;
}

std::string CommandHelp(const CommandSpec& spec) {
  // The synopsis wraps between its parts, never inside "[--plan PLAN]".
  std::string out = "usage:";
  size_t column = out.size();
  for (const auto& part : SynopsisParts(spec)) {
    if (column > 6 && column + 1 + part.size() > kWidth) {
      out += "\n      ";
      column = 6;
    }
    out += " " + part;
    column += 1 + part.size();
  }
  out += "\n\n";
  out += Wrap(spec.description, 0) + "\n";
  if (!spec.options.empty()) out += "options:\n" + OptionTable(spec.options) + "\n";
  out += "global options:\n" + OptionTable(GlobalOptions());
  return out;
}

std::string OverviewHelp() {
  std::string out =
      "usage: mutual [--home DIR] [--json] COMMAND [ARGS] [OPTIONS]\n\n"
      "Shared relationship safety plans, synced peer to peer and end-to-end "
      "encrypted.\n\n"
      "commands:\n";
  size_t width = 0;
  for (const auto& c : AllCommands()) width = std::max(width, c.name.size());
  for (const auto& c : AllCommands()) {
    std::string name(c.name);
    name.resize(width, ' ');
    out += "  " + name + "  " + std::string(c.summary) + "\n";
  }
  std::vector<OptionSpec> global = GlobalOptions();
  global.push_back({"version", "", "", false, "print the version"});
  out += "\nglobal options:\n" + OptionTable(global);
  out += "\n'mutual help COMMAND' or 'mutual COMMAND --help' explains one command.\n";
  return out;
}

std::string VersionText() { return "mutual " + std::string(kCliVersion) + "\n"; }

}  // namespace mutual::cli
