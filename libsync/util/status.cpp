#include "libsync/util/status.h"

namespace mutual {
namespace {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "OK";
    case Status::Code::kNotFound: return "Not found";
    case Status::Code::kCorruption: return "Corruption";
    case Status::Code::kInvalidArgument: return "Invalid argument";
    case Status::Code::kIOError: return "IO error";
    case Status::Code::kPeerViolation: return "Peer violation";
    case Status::Code::kPermissionDenied: return "Permission denied";
    case Status::Code::kFailedPrecondition: return "Failed precondition";
    case Status::Code::kAlreadyExists: return "Already exists";
    case Status::Code::kUnavailable: return "Unavailable";
  }
  return "Unknown";
}

}  // namespace

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName(rep_->code)) + ": " + rep_->message;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(rep_->code, std::string(context) + ": " + rep_->message);
}

}  // namespace mutual
