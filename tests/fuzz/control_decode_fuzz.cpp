// Fuzzes DecodeRequest and DecodeResponse, the daemon's and the CLI's parsers
// of control-socket bytes. Property: no crash; an accepted message re-encodes
// and decodes to an equal value.
#include <cstdlib>

#include "libsync/wire/control_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const mutual::ByteView in(data, size);
  if (auto req = mutual::wire::DecodeRequest(in); req.ok()) {
    auto again = mutual::wire::EncodeRequest(*req);
    if (!again.ok()) std::abort();
    auto back = mutual::wire::DecodeRequest(*again);
    if (!back.ok() || !(*back == *req)) std::abort();
  }
  if (auto resp = mutual::wire::DecodeResponse(in); resp.ok()) {
    auto again = mutual::wire::EncodeResponse(*resp);
    if (!again.ok()) std::abort();
    auto back = mutual::wire::DecodeResponse(*again);
    if (!back.ok() || !(*back == *resp)) std::abort();
  }
  return 0;
}
