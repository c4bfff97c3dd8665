#include "tests/support/data_files.h"

#include <zlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mutual::testing {

std::string DataPath(const std::string& relative) {
  return std::string(MUTUAL_DATA_DIR) + "/" + relative;
}

namespace {

Result<std::string> Gunzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError("cannot open " + path);
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  int err = 0;
  gzerror(f, &err);
  gzclose(f);
  if (n < 0 || err != Z_OK) return Status::Corruption("cannot decompress " + path);
  return out;
}

}  // namespace

Result<std::string> ReadDataFile(const std::string& relative) {
  std::string path = DataPath(relative);
  if (path.size() > 3 && path.substr(path.size() - 3) == ".gz") return Gunzip(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<EditingTrace> LoadEditingTrace(const std::string& name) {
  auto text = ReadDataFile(name + ".json.gz");
  if (!text.ok()) return text.status();
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("trace is not JSON: " + name);
  EditingTrace trace;
  trace.start_content = j.value("startContent", "");
  trace.end_content = j.value("endContent", "");
  trace.num_agents = j.value("numAgents", 1u);
  const auto& txns = j["txns"];
  trace.txns.reserve(txns.size());
  for (const auto& t : txns) {
    TraceTxn txn;
    for (const auto& p : t["patches"]) {
      txn.patches.push_back({p[0].get<uint32_t>(), p[1].get<uint32_t>(),
                             p[2].get<std::string>()});
    }
    if (t.contains("parents")) txn.parents = t["parents"].get<std::vector<uint32_t>>();
    txn.agent = t.value("agent", 0u);
    trace.txns.push_back(std::move(txn));
  }
  return trace;
}

}  // namespace mutual::testing
