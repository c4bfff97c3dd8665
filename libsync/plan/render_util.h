// Helpers shared by the plan renderers (text, Markdown, HTML, JSON): time
// formatting, human labels for field paths, and the comparison of an item's
// fields with its last agreed wording.
//
// Pure functions; no I/O, no clock (times come from the view).
// Thread-safety: stateless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libsync/plan/view.h"

namespace mutual::plan::render {

// "2025-02-18 21:30 UTC" for milliseconds since the Unix epoch (UTC);
// "" for 0 (unknown).
std::string FormatUtc(int64_t ms);
// RFC 3339 "2025-02-18T21:30:00.000Z"; "" for 0.
std::string FormatIso(int64_t ms);

// "Hot button"; the id itself for an unknown kind.
std::string KindTitle(std::string_view kind);

// The label of `path` within `kind`, with the member's name for per-member
// fields: "What sets it off", "Each will (Rae)", "How it felt (Dana)". The
// path itself when the kind or field is unknown.
std::string FieldLabel(std::string_view kind, std::string_view path,
                       const PlanView& plan);

// A field's value for display: DescribeValues, except that feedback's
// `from`/`to` hold member ids and are shown as names.
std::string FieldText(const ItemView& item, const FieldView& field, const PlanView& plan);

// The field at `path` in the last agreed version; nullptr when absent.
const FieldView* AgreedField(const ItemView& item, std::string_view path);

// True when `field` has a last agreed wording that differs from it (for a
// changed item the renderers show the agreed wording beside the new one).
bool DiffersFromAgreed(const ItemView& item, const FieldView& field);

// True when a field is worth showing: it has a value, or its last agreed
// wording differs (an emptied field).
bool ShouldShowField(const ItemView& item, const FieldView& field);

// "Rae (rae-phone), Jun (jun-phone, jun-tablet)" for current members.
std::string DescribeMembers(const PlanView& plan);

// "Kim" — former members' names, comma-separated; "" when none.
std::string DescribeFormerMembers(const PlanView& plan);

// "Written by Dana, 2025-02-02 18:00 UTC; edited by Mo, 2025-02-20 21:05 UTC".
std::string DescribeAuthorship(const ItemView& item, const PlanView& plan);

}  // namespace mutual::plan::render
