// Fuzzes the key-file parser (a key file is read from disk at every daemon
// start). Without a passphrase no Argon2id runs, so this exercises parsing:
// no crash on any input, and a plain key file that parses yields a key.
#include <cstdlib>

#include "libsync/crypto/sodium.h"
#include "libsync/store/key_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool sodium_ready = mutual::crypto::InitSodium().ok();
  if (!sodium_ready) std::abort();
  mutual::ByteView in(data, size);
  auto kind = mutual::store::KeyFileKindOf(in);
  auto key = mutual::store::DecodeKeyFile(in, std::nullopt);
  if (key.ok() && !kind.ok()) std::abort();
  return 0;
}
