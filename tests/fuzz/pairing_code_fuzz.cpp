// Fuzzes the pairing-code parser (`mutual join CODE` reads a code a person
// typed or pasted). No crash on any input; a code that parses renders back
// to a canonical text that parses to the same code, and its PRS is exactly
// the lower-case words of that text.
#include <cstdlib>
#include <string_view>

#include "libsync/crypto/pairing_code.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto code = mutual::crypto::ParsePairingCode(text);
  if (!code.ok()) {
    if (!code.status().IsInvalidArgument()) std::abort();
    return 0;
  }
  if (code->channel < 1 || code->channel > 999) std::abort();
  std::string canonical = code->Text();
  auto again = mutual::crypto::ParsePairingCode(canonical);
  if (!again.ok() || !(*again == *code)) std::abort();
  std::string words = code->Words();
  if (canonical != std::to_string(code->channel) + "-" + words) std::abort();
  if (code->Prs() != mutual::ToBytes(words)) std::abort();
  return 0;
}
