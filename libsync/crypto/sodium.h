// Process-wide libsodium initialisation.
//
// Every other entry point in mutual::crypto assumes InitSodium() has
// succeeded (libsodium picks its fastest implementations and seeds its RNG
// there). Call it once at start-up; tests call it in each case.
//
// Thread-safety: safe to call from any thread, any number of times
// (sodium_init() is itself idempotent and thread-safe).
#pragma once

#include "libsync/util/status.h"

namespace mutual::crypto {

// OK when libsodium is ready (also when it already was). Unavailable when
// sodium_init() fails, which leaves no safe way to use any crypto.
Status InitSodium();

}  // namespace mutual::crypto
