#include "cli/editor_form.h"

#include <algorithm>
#include <optional>
#include <set>

namespace mutual::cli {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// The path of a block line `[path]` (optionally `[path]  # comment`), or
// nullopt for any other line.
std::optional<std::string_view> BlockPath(std::string_view line) {
  if (line.empty() || line[0] != '[') return std::nullopt;
  const size_t close = line.find(']');
  if (close == std::string_view::npos || close == 1) return std::nullopt;
  std::string_view path = line.substr(1, close - 1);
  if (path.find_first_of(" \t\r[") != std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(close + 1);
  const size_t text = rest.find_first_not_of(" \t\r");
  if (text != std::string_view::npos && rest[text] != '#') return std::nullopt;
  return path;
}

std::string JoinTrimmed(const std::vector<std::string_view>& lines) {
  size_t begin = 0;
  size_t end = lines.size();
  while (begin < end && IsBlank(lines[begin])) ++begin;
  while (end > begin && IsBlank(lines[end - 1])) --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string OneLine(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

std::string Where(size_t line_index) {
  return "line " + std::to_string(line_index + 1) + ": ";
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::string RenderForm(const Form& form) {
  std::string out;
  for (const auto& h : form.header) out += h.empty() ? "#\n" : "# " + OneLine(h) + "\n";
  if (!form.header.empty()) out += "\n";
  for (const auto& f : form.fields) {
    out += "[" + f.path + "]";
    if (!f.label.empty()) out += "  # " + OneLine(f.label);
    out += "\n";
    const std::string value = NormalizeValue(f.value);
    if (!value.empty()) out += value + "\n";
    out += "\n";
  }
  return out;
}

Result<std::map<std::string, std::string>> ParseForm(
    std::string_view text, const std::vector<std::string>& known_paths) {
  const std::set<std::string, std::less<>> known(known_paths.begin(), known_paths.end());
  std::map<std::string, std::string> fields;
  std::optional<std::string> current;
  std::vector<std::string_view> value;
  const auto lines = SplitLines(text);
  for (size_t i = 0; i <= lines.size(); ++i) {
    const auto path =
        i < lines.size() ? BlockPath(lines[i]) : std::optional<std::string_view>();
    if (i < lines.size() && !path) {
      if (current) {
        value.push_back(lines[i]);
      } else if (!IsBlank(lines[i]) && lines[i][0] != '#') {
        return Status::InvalidArgument(
            Where(i) +
            "text before the first [field] line; write it below "
            "one of the field lines");
      }
      continue;
    }
    if (current) fields[*current] = JoinTrimmed(value);
    value.clear();
    if (i == lines.size()) break;
    if (known.find(*path) == known.end()) {
      return Status::InvalidArgument(Where(i) + "unknown field [" + std::string(*path) +
                                     "] (fields: " + Joined(known_paths) + ")");
    }
    if (fields.count(std::string(*path)) != 0 || current == *path) {
      return Status::InvalidArgument(Where(i) + "field [" + std::string(*path) +
                                     "] appears twice");
    }
    current = std::string(*path);
  }
  return fields;
}

std::vector<std::string> FormPaths(const Form& form) {
  std::vector<std::string> paths;
  for (const auto& f : form.fields) paths.push_back(f.path);
  return paths;
}

std::string NormalizeValue(std::string_view value) {
  return JoinTrimmed(SplitLines(value));
}

std::map<std::string, std::string> ChangedFields(
    const Form& form, const std::map<std::string, std::string>& parsed) {
  std::map<std::string, std::string> changed;
  for (const auto& f : form.fields) {
    auto it = parsed.find(f.path);
    if (it == parsed.end()) continue;
    const std::string now = NormalizeValue(it->second);
    if (now != NormalizeValue(f.value)) changed[f.path] = now;
  }
  return changed;
}

}  // namespace mutual::cli
