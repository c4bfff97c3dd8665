// Short ids of items and suggestions, derived from the op that created them:
// the first 8 base32 characters (40 bits) of BLAKE2b-256(tag ‖ LEB128
// counter ‖ 32-byte actor). Every replica computes the same id from the op
// id, and ids stay short enough to type (any unique prefix also works).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "libsync/crdt/types.h"

namespace mutual::plan {

inline constexpr std::string_view kItemIdTag = "mutual/item/v1";
inline constexpr std::string_view kSuggestionIdTag = "mutual/suggestion/v1";
inline constexpr size_t kShortIdChars = 8;

std::string ShortId(std::string_view tag, uint64_t counter, const crdt::ActorId& actor);

}  // namespace mutual::plan
