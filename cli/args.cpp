#include "cli/args.h"

#include <string_view>
#include <utility>

namespace mutual::cli {
namespace {

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string SeeHelp(const CommandSpec* spec) {
  if (spec == nullptr) return " (see 'mutual --help')";
  return " (see 'mutual " + std::string(spec->name) + " --help')";
}

const OptionSpec* Lookup(const std::vector<OptionSpec>& options, std::string_view name,
                         bool is_short) {
  for (const auto& o : options) {
    if (is_short ? o.short_name == name : o.name == name) return &o;
  }
  return nullptr;
}

// One pass over the tokens. The command is the first positional token (two
// for "section add"); options are looked up in the global table first, then
// in the command's.
class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  Result<Invocation> Run() {
    bool options_done = false;
    for (i_ = 0; i_ < args_.size(); ++i_) {
      const std::string& t = args_[i_];
      if (!options_done && t == "--") {
        options_done = true;
      } else if (!options_done && t.size() > 1 && t[0] == '-') {
        MUTUAL_RETURN_IF_ERROR(Option(t));
      } else {
        MUTUAL_RETURN_IF_ERROR(Positional(t));
      }
    }
    MUTUAL_RETURN_IF_ERROR(Finish());
    return std::move(inv_);
  }

 private:
  Status Option(std::string_view token) {
    const bool is_short = token[1] != '-';
    std::string_view body = token.substr(is_short ? 1 : 2);
    std::optional<std::string> inline_value;
    if (auto eq = body.find('='); !is_short && eq != std::string_view::npos) {
      inline_value = std::string(body.substr(eq + 1));
      body = body.substr(0, eq);
    }
    if (!is_short && body == "version") {
      inv_.version = true;
      return Status::Ok();
    }
    const OptionSpec* o = Lookup(GlobalOptions(), body, is_short);
    if (o == nullptr && inv_.spec != nullptr) {
      o = Lookup(inv_.spec->options, body, is_short);
    }
    if (o == nullptr) {
      return Status::InvalidArgument(
          "unknown option " + Quote(token.substr(0, body.size() + (is_short ? 1 : 2))) +
          SeeHelp(inv_.spec));
    }
    MUTUAL_ASSIGN_OR_RETURN(std::string value, Value(*o, std::move(inline_value)));
    return Store(*o, std::move(value));
  }

  // The option's value: after '=', else the next token; "" for a flag.
  Result<std::string> Value(const OptionSpec& o,
                            std::optional<std::string> inline_value) {
    const std::string shown = "--" + std::string(o.name);
    if (!o.TakesValue()) {
      if (inline_value) {
        return Status::InvalidArgument("option " + shown + " takes no value");
      }
      return std::string();
    }
    if (inline_value) return std::move(*inline_value);
    if (i_ + 1 < args_.size()) return args_[++i_];
    return Status::InvalidArgument("option " + shown + " needs a value " +
                                   std::string(o.value_name));
  }

  Status Store(const OptionSpec& o, std::string value) {
    if (o.name == "json") {
      inv_.json = true;
    } else if (o.name == "help") {
      inv_.help = true;
    } else if (o.name == "home") {
      if (inv_.home) return Status::InvalidArgument("option --home given twice");
      if (value.empty()) {
        return Status::InvalidArgument("option --home needs a directory");
      }
      inv_.home = std::move(value);
    } else {
      auto& values = inv_.options[std::string(o.name)];
      if (!values.empty() && !o.repeatable) {
        return Status::InvalidArgument("option --" + std::string(o.name) +
                                       " given twice");
      }
      values.push_back(std::move(value));
    }
    return Status::Ok();
  }

  Status Positional(const std::string& t) {
    if (help_command_) {
      topic_.push_back(t);
    } else if (section_pending_) {
      if (t != "add") {
        return Status::InvalidArgument("unknown command " + Quote("section " + t) +
                                       " (the section command is 'section add')");
      }
      section_pending_ = false;
      inv_.spec = FindCommand("section add");
    } else if (inv_.spec != nullptr && inv_.spec->command == wire::Command::kPeers &&
               inv_.positionals.empty() && t == "add") {
      inv_.spec = FindCommand("peers add");  // `peers` lists; `peers add` dials
    } else if (inv_.spec != nullptr) {
      inv_.positionals.push_back(t);
    } else if (t == "help") {
      help_command_ = true;
    } else if (t == "section") {
      section_pending_ = true;
    } else {
      inv_.spec = FindCommand(t);
      if (inv_.spec == nullptr) {
        return Status::InvalidArgument("unknown command " + Quote(t) + SeeHelp(nullptr));
      }
    }
    return Status::Ok();
  }

  Status Finish() {
    if (help_command_) return HelpTopic();
    if (section_pending_) {
      return Status::InvalidArgument("'mutual section' needs a subcommand: section add");
    }
    if (inv_.help || inv_.version || inv_.spec == nullptr) return Status::Ok();
    const auto& wanted = inv_.spec->positionals;
    const std::string cmd = "'mutual " + std::string(inv_.spec->name) + "'";
    if (inv_.positionals.size() < wanted.size()) {
      return Status::InvalidArgument("missing argument " +
                                     std::string(wanted[inv_.positionals.size()]) +
                                     " for " + cmd + SeeHelp(inv_.spec));
    }
    if (inv_.positionals.size() > wanted.size()) {
      return Status::InvalidArgument("unexpected argument " +
                                     Quote(inv_.positionals[wanted.size()]) + " for " +
                                     cmd + SeeHelp(inv_.spec));
    }
    return Status::Ok();
  }

  // `mutual help [COMMAND...]`: the words name the command to explain.
  Status HelpTopic() {
    if (inv_.spec != nullptr) {
      return Status::InvalidArgument("'help' must come before the command name");
    }
    inv_.help = true;
    if (topic_.empty()) return Status::Ok();
    std::string name;
    for (const auto& w : topic_) name += (name.empty() ? "" : " ") + w;
    if (name == "section") name = "section add";
    inv_.spec = FindCommand(name);
    if (inv_.spec == nullptr) {
      return Status::InvalidArgument("no help for unknown command " + Quote(name) +
                                     SeeHelp(nullptr));
    }
    return Status::Ok();
  }

  const std::vector<std::string>& args_;
  size_t i_ = 0;
  Invocation inv_;
  bool help_command_ = false;
  bool section_pending_ = false;
  std::vector<std::string> topic_;
};

}  // namespace

const std::string* Invocation::Get(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

std::vector<std::string> Invocation::GetAll(const std::string& name) const {
  auto it = options.find(name);
  return it == options.end() ? std::vector<std::string>{} : it->second;
}

Result<Invocation> ParseArgs(const std::vector<std::string>& args) {
  return Parser(args).Run();
}

bool WantsJson(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

}  // namespace mutual::cli
