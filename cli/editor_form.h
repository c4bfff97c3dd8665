// The $EDITOR form of `mutual add` and `mutual edit`: a text file the person
// fills in, and its parser.
//
// Layout:
//
//   # comment lines (the header) explaining what to do
//   [sets_it_off]  # What sets it off
//   value lines, any number, verbatim
//   [each_will.alex]  # Each will (Alex)
//   ...
//
// A block starts at a line that is exactly `[path]`, optionally followed by
// blanks and a `# comment`, with `[` in the first column; its value is every
// following line up to the next block line, with leading and trailing blank
// lines dropped. Before the first block only `#` lines and blank lines may
// appear; inside a block `#` lines are text like any other. A value line
// that itself looks like `[path]` cannot be written (it starts a block).
//
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "libsync/util/status.h"

namespace mutual::cli {

struct FormField {
  std::string path;   // dotted field path: "each_will.alex"
  std::string label;  // shown as a comment after the block line; may be ""
  std::string value;  // the prefilled text ("" for a new item)
};

struct Form {
  std::vector<std::string> header;  // comment lines, without the "# "
  std::vector<FormField> fields;    // in display order
};

// The text of `form`. Header lines and labels have newlines replaced by
// spaces, so every comment stays one line.
std::string RenderForm(const Form& form);

// The blocks of `text`, path -> value. InvalidArgument (with a line number)
// for a block whose path is not in `known_paths`, a path given twice, or a
// line other than a comment or blank before the first block.
Result<std::map<std::string, std::string>> ParseForm(
    std::string_view text, const std::vector<std::string>& known_paths);

// The paths of `form`'s fields, in order.
std::vector<std::string> FormPaths(const Form& form);

// A value as ParseForm would return it: leading and trailing blank lines
// dropped, a final newline dropped.
std::string NormalizeValue(std::string_view value);

// The fields to send: every parsed field whose value differs from the
// form's prefilled value (both normalized). For a new item (all prefilled
// values empty) that is every field that was filled in.
std::map<std::string, std::string> ChangedFields(
    const Form& form, const std::map<std::string, std::string>& parsed);

}  // namespace mutual::cli
