// A small JSON writer for the plan export: string escaping that always
// yields valid JSON, and an indented writer that places commas itself.
//
// Thread-safety: JsonQuote is stateless; a JsonWriter is a plain value used
// by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mutual::plan {

// `s` as a JSON string literal with its quotes: '"' and '\\' escaped,
// control characters as \n, \t, ... or \u00XX, and each byte that is not
// part of valid UTF-8 (RFC 3629) replaced by U+FFFD. Valid UTF-8 passes
// through unchanged.
std::string JsonQuote(std::string_view s);

namespace render {

// Writes indented (two spaces) JSON, or with `compact` all on one line
// (for JSON Lines output); tracks whether a comma is due in each open
// container. The caller keeps the shape well-formed.
// REQUIRES: Key only inside an object and followed by exactly one value;
// every Begin matched by its End before Take.
class JsonWriter {
 public:
  JsonWriter() = default;
  explicit JsonWriter(bool compact) : compact_(compact) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view k) {
    Element();
    out_ += JsonQuote(k) + (compact_ ? ":" : ": ");
    after_key_ = true;
  }
  void String(std::string_view s) { Value(JsonQuote(s)); }
  void Bool(bool b) { Value(b ? "true" : "false"); }
  void Int(int64_t v) { Value(std::to_string(v)); }
  void Null() { Value("null"); }
  // null for "", else the string: for optional values.
  void StringOrNull(std::string_view s) { s.empty() ? Null() : String(s); }
  void StringArray(const std::vector<std::string>& v) {
    BeginArray();
    for (const auto& s : v) String(s);
    EndArray();
  }
  std::string Take() { return std::move(out_) + "\n"; }

  // `"key": value` members of the open object.
  void Str(std::string_view k, std::string_view v) {
    Key(k);
    String(v);
  }
  void StrOrNull(std::string_view k, std::string_view v) {
    Key(k);
    StringOrNull(v);
  }
  void Bool(std::string_view k, bool v) {
    Key(k);
    Bool(v);
  }
  void Int(std::string_view k, int64_t v) {
    Key(k);
    Int(v);
  }
  void Strings(std::string_view k, const std::vector<std::string>& v) {
    Key(k);
    StringArray(v);
  }

 private:
  void Element() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!has_elements_.empty()) {
      if (has_elements_.back()) out_ += ',';
      has_elements_.back() = true;
      if (compact_) return;
      out_ += '\n';
      out_.append(2 * has_elements_.size(), ' ');
    }
  }
  void Value(std::string_view v) {
    Element();
    out_ += v;
  }
  void Open(char c) {
    Element();
    out_ += c;
    has_elements_.push_back(false);
  }
  void Close(char c) {
    const bool had = has_elements_.back();
    has_elements_.pop_back();
    if (had && !compact_) {
      out_ += '\n';
      out_.append(2 * has_elements_.size(), ' ');
    }
    out_ += c;
  }

  std::string out_;
  std::vector<bool> has_elements_;
  bool after_key_ = false;
  bool compact_ = false;
};

}  // namespace render
}  // namespace mutual::plan
