// Runs the person's text editor on a form (`mutual add` / `mutual edit`
// without --field).
//
// The text goes to a temporary file of mode 0600 in the temp directory; the
// editor runs through `/bin/sh -c` so $EDITOR may carry arguments
// ("code --wait"), with the file name passed as a separate argument (never
// pasted into the shell text). The file is deleted afterwards on every path,
// since it holds the plan's sensitive words.
//
// Thread-safety: blocking; the editor shares the terminal, one at a time.
#pragma once

#include <string>
#include <string_view>

#include "libsync/util/status.h"

namespace mutual::cli {

// `visual` ($VISUAL) when set and non-empty, else `editor` ($EDITOR), else
// "vi". Either may be nullptr.
std::string EditorCommand(const char* visual, const char* editor);

// The temp directory: `tmpdir` ($TMPDIR) when set and non-empty, else /tmp.
std::string TempDir(const char* tmpdir);

// Writes `text` to a new file in `dir`, runs `command FILE`, and returns the
// file's content afterwards. IOError when the file cannot be made or read,
// or the editor cannot be started; FailedPrecondition when the editor exits
// unsuccessfully (the edit is then abandoned).
Result<std::string> EditText(const std::string& command, const std::string& dir,
                             std::string_view text);

}  // namespace mutual::cli
