#include "libsync/util/status.h"

#include <catch2/catch.hpp>

namespace mutual {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument("odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  MUTUAL_ASSIGN_OR_RETURN(int h, Half(v));
  return Half(h);
}

TEST_CASE("StatusCarriesCodeAndMessage", "[util][status]") {
  Status ok;
  CHECK(ok.ok());
  CHECK(ok.ToString() == "OK");
  Status bad = Status::PeerViolation("forged signature");
  CHECK_FALSE(bad.ok());
  CHECK(bad.IsPeerViolation());
  CHECK(bad.ToString() == "Peer violation: forged signature");
  CHECK(bad.WithContext("envelope").message() == "envelope: forged signature");
}

TEST_CASE("ResultPropagatesErrors", "[util][status]") {
  CHECK(*Quarter(8) == 2);
  CHECK(Quarter(6).status().IsInvalidArgument());
  CHECK(Quarter(3).status().message() == "odd");
}

TEST_CASE("FromCodeRebuildsEveryCodeAndOkDropsTheMessage", "[util][status]") {
  using C = Status::Code;
  for (C c : {C::kNotFound, C::kCorruption, C::kInvalidArgument, C::kIOError,
              C::kPeerViolation, C::kPermissionDenied, C::kFailedPrecondition,
              C::kAlreadyExists, C::kUnavailable}) {
    Status s = Status::FromCode(c, "why");
    CHECK(s.code() == c);
    CHECK(s.message() == "why");
  }
  CHECK(Status::FromCode(C::kOk, "ignored").ok());
}

}  // namespace
}  // namespace mutual
