#include "libsync/crypto/sodium.h"

#include <sodium.h>

namespace mutual::crypto {

Status InitSodium() {
  // 0: initialised now; 1: already initialised; -1: failure.
  if (sodium_init() < 0) return Status::Unavailable("libsodium failed to initialise");
  return Status::Ok();
}

}  // namespace mutual::crypto
