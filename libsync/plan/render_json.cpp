#include "libsync/plan/render_json.h"

#include <vector>

#include "libsync/plan/render_json_writer.h"
#include "libsync/plan/render_util.h"

namespace mutual::plan {
namespace {

using render::JsonWriter;

void WriteField(JsonWriter& w, const FieldView& f) {
  w.BeginObject();
  w.Str("path", f.path);
  w.Str("type", FieldTypeName(f.type));
  if (f.type == FieldType::kText) {
    w.Str("text", f.text);
  } else {
    w.Bool("conflicted", f.conflicted());
    w.Key("value");
    if (f.values.size() == 1) {
      w.String(f.values[0].value);
    } else {
      w.Null();
    }
    w.Key("values");
    w.BeginArray();
    for (const auto& v : f.values) {
      w.BeginObject();
      w.Str("value", v.value);
      w.Str("set_by", v.set_by);
      w.Str("device", v.device);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteFields(JsonWriter& w, const std::vector<FieldView>& fields) {
  w.BeginArray();
  for (const auto& f : fields) WriteField(w, f);
  w.EndArray();
}

std::string_view StanceName(StanceView::Kind k) {
  static constexpr std::string_view kNames[] = {"none", "endorsed-current",
                                                "endorsed-earlier", "withdrawn"};
  return kNames[static_cast<int>(k)];
}

void WriteStances(JsonWriter& w, const ItemView& item) {
  w.BeginArray();
  for (const auto& s : item.stances) {
    w.BeginObject();
    w.Str("member", s.member);
    w.Str("stance", StanceName(s.kind));
    w.Str("reason", s.reason);
    w.Bool("revisit", s.revisit);
    w.Str("revisit_reason", s.revisit_reason);
    w.Bool("reconfirm", s.reconfirm);
    w.EndObject();
  }
  w.EndArray();
}

void WriteSuggestionsAndResponses(JsonWriter& w, const ItemView& item) {
  w.Key("suggestions");
  w.BeginArray();
  for (const auto& s : item.suggestions) {
    w.BeginObject();
    w.Str("id", s.id);
    w.Str("by", s.by);
    w.Str("field", s.field);
    w.Str("text", s.text);
    w.Str("status", s.status);
    w.EndObject();
  }
  w.EndArray();
  w.Key("responses");
  w.BeginArray();
  for (const auto& r : item.responses) {
    w.BeginObject();
    w.Str("from", r.from);
    w.Str("text", r.text);
    w.Int("at_ms", r.at_ms);
    w.StrOrNull("at", render::FormatIso(r.at_ms));
    w.EndObject();
  }
  w.EndArray();
}

void WriteConsent(JsonWriter& w, const ItemView& item) {
  w.Key("last_agreed");
  if (item.last_agreed) {
    w.BeginObject();
    w.Str("content_hash", item.last_agreed->content_hash_hex);
    w.Key("fields");
    WriteFields(w, item.last_agreed->fields);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("stances");
  WriteStances(w, item);
  w.Strings("acks", item.acks);
  w.Key("removal");
  if (item.removal) {
    w.BeginObject();
    w.Str("proposed_by", item.removal->proposed_by);
    w.Str("reason", item.removal->reason);
    w.Strings("endorsed_by", item.removal->endorsed_by);
    w.EndObject();
  } else {
    w.Null();
  }
}

void WriteTimes(JsonWriter& w, const ItemView& item) {
  w.Str("author", item.author);
  w.Bool("author_former", item.author_former);
  w.Int("created_ms", item.created_ms);
  w.StrOrNull("created", render::FormatIso(item.created_ms));
  w.Int("edited_ms", item.edited_ms);
  w.StrOrNull("edited", render::FormatIso(item.edited_ms));
  w.StrOrNull("edited_by", item.edited_by);
  w.StrOrNull("review_by", item.review_by);
  w.Bool("review_due", item.review_due);
}

void WriteItem(JsonWriter& w, const ItemView& item, const PlanView& plan) {
  w.BeginObject();
  w.Str("id", item.id);
  w.Str("kind", item.kind);
  w.Str("section", item.section);
  w.Key("about");
  if (item.about_us) {
    w.String("us");
  } else {
    w.StringArray(item.about);
  }
  w.Str("mode", ModeName(item.mode));
  w.Str("state", StateName(item.state));
  w.Str("state_text", DescribeState(item, plan));
  w.Str("content_hash", item.content_hash_hex);
  w.Key("fields");
  WriteFields(w, item.fields);
  WriteConsent(w, item);
  WriteSuggestionsAndResponses(w, item);
  WriteTimes(w, item);
  w.EndObject();
}

void WriteMembers(JsonWriter& w, const PlanView& plan) {
  w.BeginArray();
  for (const auto& m : plan.members) {
    w.BeginObject();
    w.Str("id", m.id);
    w.Str("name", m.name);
    w.Bool("former", m.former);
    w.Strings("devices", m.devices);
    w.Int("joined_ms", m.joined_ms);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string RenderJson(const PlanView& plan) {
  JsonWriter w;
  w.BeginObject();
  w.Str("format", "mutual-plan");
  w.Int("version", 1);
  w.Str("id", plan.id);
  w.Str("title", plan.title);
  w.Str("template", plan.template_id);
  w.Key("members");
  WriteMembers(w, plan);
  w.Key("sections");
  w.BeginArray();
  for (const auto& section : plan.sections) {
    w.BeginObject();
    w.Str("id", section.id);
    w.Str("title", section.title);
    w.Str("default_kind", section.default_kind);
    w.Key("items");
    w.BeginArray();
    for (const auto& item : section.items) WriteItem(w, item, plan);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("forks");
  w.BeginArray();
  for (const ForkView& f : plan.forks) {
    w.BeginObject();
    w.Str("device", f.device);
    w.Str("member", f.member);
    w.Int("seq", static_cast<int64_t>(f.seq));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace mutual::plan
