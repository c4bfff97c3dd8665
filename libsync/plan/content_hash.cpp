#include "libsync/plan/content_hash.h"

#include <algorithm>
#include <string_view>

#include "libsync/plan/catalog.h"
#include "libsync/util/leb128.h"

namespace mutual::plan {
namespace {

constexpr std::string_view kDomain = "mutual/content/v1";

// False for fields the kind keeps out of the hash (by the path's first
// component, which names the catalog field).
bool InHash(const KindSpec* kind, std::string_view path) {
  if (kind == nullptr) return true;
  std::string_view name = path.substr(0, path.find('.'));
  for (const FieldSpec& f : kind->fields) {
    if (f.name == name) return f.in_content_hash;
  }
  return true;
}

bool AllEmpty(const ContentField& f) {
  return std::all_of(f.values.begin(), f.values.end(),
                     [](const std::string& v) { return v.empty(); });
}

}  // namespace

Bytes EncodeContent(const Content& content) {
  const KindSpec* kind = FindKind(content.kind);
  std::vector<std::string> about = content.about;
  std::sort(about.begin(), about.end());
  about.erase(std::unique(about.begin(), about.end()), about.end());

  std::vector<const ContentField*> fields;
  for (const ContentField& f : content.fields) {
    if (InHash(kind, f.path) && !AllEmpty(f)) fields.push_back(&f);
  }
  std::sort(
      fields.begin(), fields.end(),
      [](const ContentField* a, const ContentField* b) { return a->path < b->path; });

  ByteWriter w(256);
  w.Raw(AsBytes(kDomain));
  w.String(content.kind);
  w.Varint(about.size());
  for (const std::string& m : about) w.String(m);
  w.Varint(fields.size());
  for (const ContentField* f : fields) {
    w.String(f->path);
    w.Varint(f->values.size());
    for (const std::string& v : f->values) w.String(v);
  }
  return w.Take();
}

ContentHash HashContent(const Content& content) {
  return crypto::Blake2b256(EncodeContent(content));
}

}  // namespace mutual::plan
