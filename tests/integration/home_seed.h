// Seeds a real device home with a plan several devices wrote: every change
// of a (test-built) plan is sealed by its own author's key into a proper
// envelope chain and stored, with this device's identity — what the home
// would hold after syncing with the others. Lets the integration tests
// show two-member plans through the real CLI before the network exists.
#pragma once

#include <map>
#include <string>

#include "libsync/crypto/device.h"
#include "libsync/plan/plan.h"

namespace mutual::integration {

// `signers`: every author of `plan`'s changes, by public key. `me` becomes
// the home's identity under `name`. REQUIRES: the home has no database.
// Returns the plan's id (hex). Fails the test on any error.
std::string SeedHome(const std::string& home, const crypto::DeviceSecrets& me,
                     const std::string& name, const plan::Plan& plan,
                     const std::map<crypto::PublicKey, crypto::SigningKey>& signers);

}  // namespace mutual::integration
