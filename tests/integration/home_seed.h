// Seeds a real device home with a plan several devices wrote: every change
// of a (test-built) plan is sealed by its own author's key into a proper
// envelope chain and stored, with this device's identity — what the home
// would hold after syncing with the others. Lets the integration tests
// show two-member plans through the real CLI, and start several devices
// that already share a plan.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libsync/crypto/device.h"
#include "libsync/crypto/doc_key.h"
#include "libsync/crypto/envelope.h"
#include "libsync/plan/plan.h"
#include "tests/plan/fixture_builder.h"

namespace mutual::integration {

// One plan, sealed once: every device's home gets the very same envelopes
// (sealing twice would give different bytes for one (author, seq): a fork).
struct SealedPlan {
  crypto::DocId doc{};
  crypto::DocKey key;
  std::string title;
  std::vector<Bytes> envelopes;  // deps first
};

// `signers`: every author of `plan`'s changes, by public key.
SealedPlan SealPlan(const plan::Plan& plan,
                    const std::map<crypto::PublicKey, crypto::SigningKey>& signers);

// Builds the fixture plan (every device's replica, through the plan API)
// and seals `device`'s replica, each change by its own author's key.
SealedPlan BuildAndSealFixture(plan::testing::FixtureBuilder& builder,
                               const std::string& device = "rae-phone");

// Creates the home for `me` (identity + name) holding `sealed`.
// REQUIRES: the home has no database. Returns the plan's id (hex).
std::string SeedHome(const std::string& home, const crypto::DeviceSecrets& me,
                     const std::string& name, const SealedPlan& sealed);

}  // namespace mutual::integration
