#include "libsync/plan/render_util.h"

#include <cstdio>

#include "libsync/plan/catalog.h"

namespace mutual::plan::render {
namespace {

struct CivilTime {
  int64_t year;
  unsigned month, day, hour, minute, second, millis;
};

// Days since 1970-01-01 to a proleptic Gregorian date, by 400-year eras
// (each era is exactly 146097 days, so the arithmetic stays exact).
CivilTime ToCivil(int64_t ms) {
  int64_t days = ms / 86400000;
  int64_t rem = ms % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  days += 719468;  // shift the epoch to 0000-03-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;  // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // March = 0
  CivilTime t{};
  t.day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  t.year = yoe + era * 400 + (t.month <= 2 ? 1 : 0);
  t.hour = static_cast<unsigned>(rem / 3600000);
  t.minute = static_cast<unsigned>(rem / 60000 % 60);
  t.second = static_cast<unsigned>(rem / 1000 % 60);
  t.millis = static_cast<unsigned>(rem % 1000);
  return t;
}

}  // namespace

std::string FormatUtc(int64_t ms) {
  if (ms == 0) return "";
  CivilTime t = ToCivil(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u UTC",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute);
  return buf;
}

std::string FormatIso(int64_t ms) {
  if (ms == 0) return "";
  CivilTime t = ToCivil(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute,
                t.second, t.millis);
  return buf;
}

std::string KindTitle(std::string_view kind) {
  const KindSpec* spec = FindKind(kind);
  return spec ? spec->title : std::string(kind);
}

std::string FieldLabel(std::string_view kind, std::string_view path,
                       const PlanView& plan) {
  const KindSpec* spec = FindKind(kind);
  if (spec == nullptr) return std::string(path);
  // Per-member paths name any member, current or former, so parse against
  // every member id the plan knows.
  std::vector<std::string> ids;
  for (const auto& m : plan.members) ids.push_back(m.id);
  Result<FieldPath> parsed = ParseFieldPath(*spec, path, ids);
  if (!parsed.ok()) return std::string(path);
  if (!parsed->spec.per_member) return parsed->spec.label;
  return parsed->spec.label + " (" + plan.DisplayName(parsed->member) + ")";
}

std::string FieldText(const ItemView& item, const FieldView& field,
                      const PlanView& plan) {
  if (item.kind != "feedback" || (field.path != "from" && field.path != "to")) {
    return DescribeValues(field, plan);
  }
  FieldView named = field;
  for (auto& v : named.values) v.value = plan.DisplayName(v.value);
  return DescribeValues(named, plan);
}

const FieldView* AgreedField(const ItemView& item, std::string_view path) {
  if (!item.last_agreed) return nullptr;
  for (const auto& f : item.last_agreed->fields) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

bool DiffersFromAgreed(const ItemView& item, const FieldView& field) {
  if (!item.last_agreed) return false;
  const FieldView* agreed = AgreedField(item, field.path);
  if (agreed == nullptr) return !field.value().empty() || field.conflicted();
  if (field.conflicted() != agreed->conflicted()) return true;
  if (field.type == FieldType::kScalar && field.values.size() != agreed->values.size()) {
    return true;
  }
  return field.value() != agreed->value();
}

bool ShouldShowField(const ItemView& item, const FieldView& field) {
  return !field.value().empty() || field.conflicted() || DiffersFromAgreed(item, field);
}

std::string DescribeMembers(const PlanView& plan) {
  std::string out;
  for (const auto& m : plan.members) {
    if (m.former) continue;
    if (!out.empty()) out += ", ";
    out += m.name.empty() ? m.id : m.name;
    if (m.devices.empty()) continue;
    out += " (";
    for (size_t i = 0; i < m.devices.size(); ++i) out += (i ? ", " : "") + m.devices[i];
    out += ")";
  }
  return out;
}

std::string DescribeFormerMembers(const PlanView& plan) {
  std::string out;
  for (const auto& m : plan.members) {
    if (!m.former) continue;
    if (!out.empty()) out += ", ";
    out += m.name.empty() ? m.id : m.name;
  }
  return out;
}

std::string DescribeAuthorship(const ItemView& item, const PlanView& plan) {
  std::string out = "Written by " + plan.DisplayName(item.author);
  if (item.created_ms != 0) out += ", " + FormatUtc(item.created_ms);
  if (item.edited_ms != 0) {
    out += "; edited";
    if (!item.edited_by.empty()) out += " by " + plan.DisplayName(item.edited_by);
    out += ", " + FormatUtc(item.edited_ms);
  }
  return out;
}

}  // namespace mutual::plan::render
