// Status and Result<T>: the error model of every libsync layer.
//
// A Status is either OK or carries a code and a human-readable message. The
// OK path is cheap (no allocation). No exception crosses a layer boundary:
// functions that can fail return Status or Result<T>.
//
// kPeerViolation marks bad input from another device (forged signature,
// malformed bytes, oversized message). Callers close that peer and go on;
// it never means our own invariant broke (that is an assert).
//
// Thread-safety: values; no shared state.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace mutual {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kCorruption,
    kInvalidArgument,
    kIOError,
    kPeerViolation,
    kPermissionDenied,
    kFailedPrecondition,
    kAlreadyExists,
    kUnavailable,
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status Corruption(std::string_view msg) { return {Code::kCorruption, msg}; }
  static Status InvalidArgument(std::string_view msg) {
    return {Code::kInvalidArgument, msg};
  }
  static Status IOError(std::string_view msg) { return {Code::kIOError, msg}; }
  static Status PeerViolation(std::string_view msg) {
    return {Code::kPeerViolation, msg};
  }
  static Status PermissionDenied(std::string_view msg) {
    return {Code::kPermissionDenied, msg};
  }
  static Status FailedPrecondition(std::string_view msg) {
    return {Code::kFailedPrecondition, msg};
  }
  static Status AlreadyExists(std::string_view msg) {
    return {Code::kAlreadyExists, msg};
  }
  static Status Unavailable(std::string_view msg) { return {Code::kUnavailable, msg}; }
  // A status of any code (e.g. one that crossed a process boundary as a
  // number); kOk gives OK and drops `msg`.
  static Status FromCode(Code code, std::string_view msg) {
    return code == Code::kOk ? Status() : Status(code, msg);
  }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsCorruption() const { return code() == Code::kCorruption; }
  bool IsInvalidArgument() const { return code() == Code::kInvalidArgument; }
  bool IsIOError() const { return code() == Code::kIOError; }
  bool IsPeerViolation() const { return code() == Code::kPeerViolation; }
  bool IsPermissionDenied() const { return code() == Code::kPermissionDenied; }
  bool IsFailedPrecondition() const { return code() == Code::kFailedPrecondition; }
  bool IsAlreadyExists() const { return code() == Code::kAlreadyExists; }
  bool IsUnavailable() const { return code() == Code::kUnavailable; }

  // The message alone ("" when OK).
  const std::string& message() const;
  // "Corruption: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg)
      : rep_(std::make_shared<const Rep>(Rep{code, std::string(msg)})) {}
  std::shared_ptr<const Rep> rep_;
};

// Either a value or a non-OK Status. REQUIRES: a Status given to the
// constructor is not OK.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace mutual

// Evaluates `expr` (a Status); returns it from the enclosing function when
// not OK.
#define MUTUAL_RETURN_IF_ERROR(expr)        \
  do {                                      \
    ::mutual::Status _st = (expr);          \
    if (!_st.ok()) return _st;              \
  } while (0)

#define MUTUAL_CONCAT_INNER(a, b) a##b
#define MUTUAL_CONCAT(a, b) MUTUAL_CONCAT_INNER(a, b)
// `MUTUAL_ASSIGN_OR_RETURN(auto x, F())`: declares x from a Result or returns
// its Status.
#define MUTUAL_ASSIGN_OR_RETURN(decl, expr) \
  MUTUAL_ASSIGN_OR_RETURN_IMPL(MUTUAL_CONCAT(_res_, __LINE__), decl, expr)
#define MUTUAL_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  decl = std::move(tmp).value()
