// Loading the checked-in data files (data/) for tests and benchmarks: the
// editing traces (gzip JSON) and the sample-plan fixtures.
//
// Thread-safety: free functions; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libsync/util/status.h"

namespace mutual::testing {

// Absolute path of a file under data/.
std::string DataPath(const std::string& relative);

// Whole file contents; gunzips files ending in ".gz".
Result<std::string> ReadDataFile(const std::string& relative);

// One patch of an editing trace: at `pos` (in Unicode code points) delete
// `del` code points, then insert `ins` (UTF-8).
struct TracePatch {
  uint32_t pos;
  uint32_t del;
  std::string ins;
};

struct TraceTxn {
  std::vector<TracePatch> patches;
  std::vector<uint32_t> parents;  // concurrent traces only: txn indexes
  uint32_t agent = 0;             // concurrent traces only
};

struct EditingTrace {
  std::string start_content;
  std::string end_content;
  uint32_t num_agents = 1;
  std::vector<TraceTxn> txns;
};

// Loads data/<name>.json.gz (e.g. "automerge-paper").
Result<EditingTrace> LoadEditingTrace(const std::string& name);

}  // namespace mutual::testing
