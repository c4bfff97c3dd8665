// Fuzzes ParseForm, the parser of the $EDITOR form `mutual add` / `mutual
// edit` read back from the person's editor. Property: no crash; an accepted
// form has only known paths and normalized values, and rendering those
// values again parses back to the same map.
#include <cstdlib>
#include <string_view>

#include "cli/editor_form.h"

namespace {

const std::vector<std::string>& KnownPaths() {
  static const std::vector<std::string> kPaths = {"text", "when", "each_will.alex",
                                                  "per_member.sam.felt"};
  return kPaths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mutual::cli::ParseForm(text, KnownPaths());
  if (!parsed.ok()) return 0;
  mutual::cli::Form form;
  form.header = {"fuzz"};
  for (const auto& path : KnownPaths()) {
    auto it = parsed->find(path);
    if (it == parsed->end()) continue;
    if (mutual::cli::NormalizeValue(it->second) != it->second) std::abort();
    form.fields.push_back({path, "label", it->second});
  }
  if (form.fields.size() != parsed->size()) std::abort();  // an unknown path got in
  auto again = mutual::cli::ParseForm(mutual::cli::RenderForm(form), KnownPaths());
  if (!again.ok() || *again != *parsed) std::abort();
  return 0;
}
