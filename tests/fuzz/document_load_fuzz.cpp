// Fuzzes Document::Load (document snapshots come back from disk). Property:
// no crash; an accepted snapshot can be read, saved, and loaded again.
#include <cstdlib>

#include "libsync/crdt/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mutual::crdt;
  auto doc = Document::Load(mutual::ByteView(data, size), nullptr);
  if (!doc.ok()) return 0;
  for (const auto& key : doc->Keys(kRootObject)) (void)doc->Get(kRootObject, key);
  (void)doc->Heads();
  auto again = Document::Load(doc->Save(), nullptr);
  if (!again.ok()) std::abort();
  if (again->version() != doc->version()) std::abort();
  return 0;
}
