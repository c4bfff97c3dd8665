#include "libsync/plan/layout.h"

#include <algorithm>

namespace mutual::plan::layout {

std::optional<crdt::OpId> ObjectAt(const crdt::Document& doc, crdt::OpId map,
                                   std::string_view key) {
  for (const crdt::RegisterValue& v : doc.Get(map, key)) {
    if (std::holds_alternative<crdt::MakeObject>(v.value)) return v.id;
  }
  return std::nullopt;
}

std::string StringAt(const crdt::Document& doc, crdt::OpId map, std::string_view key) {
  for (const crdt::RegisterValue& v : doc.Get(map, key)) {
    if (auto* s = std::get_if<std::string>(&v.value)) return *s;
  }
  return "";
}

int64_t IntAt(const crdt::Document& doc, crdt::OpId map, std::string_view key) {
  int64_t best = 0;
  for (const crdt::RegisterValue& v : doc.Get(map, key)) {
    if (auto* i = std::get_if<int64_t>(&v.value)) best = std::max(best, *i);
  }
  return best;
}

std::string EncodeAbout(const std::vector<std::string>& about) {
  std::string out;
  for (const std::string& m : about) {
    if (!out.empty()) out += ',';
    out += m;
  }
  return out;
}

std::vector<std::string> DecodeAbout(std::string_view about) {
  std::vector<std::string> out;
  while (!about.empty()) {
    size_t comma = about.find(',');
    out.emplace_back(about.substr(0, comma));
    if (comma == std::string_view::npos) break;
    about.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<ItemRecord> ReadItem(const crdt::Document& doc, std::string_view id) {
  auto items = ObjectAt(doc, crdt::kRootObject, kItems);
  if (!items) return std::nullopt;
  auto obj = ObjectAt(doc, *items, id);
  if (!obj) return std::nullopt;
  auto fields = ObjectAt(doc, *obj, kFields);
  if (!fields) return std::nullopt;
  ItemRecord r;
  r.id = std::string(id);
  r.obj = *obj;
  r.fields = *fields;
  r.kind = StringAt(doc, *obj, kKind);
  r.section = StringAt(doc, *obj, kSection);
  r.author = StringAt(doc, *obj, kAuthor);
  r.about = DecodeAbout(StringAt(doc, *obj, kAbout));
  r.spec = FindKind(r.kind);
  if (r.spec != nullptr) r.mode = EffectiveMode(*r.spec, r.about.empty());
  return r;
}

std::vector<std::string> ItemIds(const crdt::Document& doc) {
  auto items = ObjectAt(doc, crdt::kRootObject, kItems);
  if (!items) return {};
  return doc.Keys(*items);
}

std::vector<StoredField> ReadFields(const crdt::Document& doc, const ItemRecord& item) {
  std::vector<StoredField> out;
  for (const std::string& key : doc.Keys(item.fields)) {
    StoredField f;
    f.path = key;
    f.registers = doc.Get(item.fields, key);
    for (const crdt::RegisterValue& v : f.registers) {
      if (auto* s = std::get_if<std::string>(&v.value)) {
        f.values.push_back(*s);
      } else if (std::holds_alternative<crdt::MakeObject>(v.value) &&
                 doc.TypeOf(v.id) == crdt::ObjType::kText) {
        f.text = true;
        f.values.push_back(doc.Text(v.id));
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

Content ReadContent(const crdt::Document& doc, const ItemRecord& item, bool* conflicted) {
  Content c;
  c.kind = item.kind;
  c.about = item.about;
  bool multi = false;
  for (StoredField& f : ReadFields(doc, item)) {
    if (f.values.size() > 1) multi = true;
    c.fields.push_back({std::move(f.path), std::move(f.values)});
  }
  if (conflicted) *conflicted = multi;
  return c;
}

std::string PathMember(std::string_view path) {
  size_t dot = path.find('.');
  if (dot == std::string_view::npos) return "";
  std::string_view rest = path.substr(dot + 1);
  return std::string(rest.substr(0, rest.find('.')));
}

}  // namespace mutual::plan::layout
