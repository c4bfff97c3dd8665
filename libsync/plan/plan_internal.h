// Helpers shared by the Plan's source files (plan*.cpp). Not an API.
//
// Thread-safety: free functions over a Document the caller owns.
#pragma once

#include <optional>
#include <string_view>

#include "libsync/crdt/document.h"
#include "libsync/plan/catalog.h"
#include "libsync/plan/layout.h"

namespace mutual::plan::internal {

// The spec of a section of this plan (standard or custom); nullopt when the
// plan has no such section.
std::optional<SectionSpec> SectionOf(const crdt::Document& doc, std::string_view id);

// PermissionDenied when `member` may not edit `path` of an item with this
// mode and `about` (own-mode items: owners only; a debrief's own parts: that
// member only).
Status CheckFieldRight(ConsentMode mode, const std::vector<std::string>& about,
                       const FieldPath& path, std::string_view member);

// Sets one field in an open transaction: text by a minimal edit (a new
// text object when none or several exist), a scalar replacing every value.
void WriteField(const crdt::Document& doc, crdt::Document::Transaction& txn,
                crdt::OpId fields, const FieldPath& path, std::string_view value);

}  // namespace mutual::plan::internal
