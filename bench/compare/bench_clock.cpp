#include "bench/compare/bench_clock.h"

#include <cstdio>
#include <ctime>

namespace mutual::bench {

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double ProcessCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void PrintValues(const std::string& workload, const Values& values) {
  std::printf(R"({"system":"mutual","workload":"%s")", workload.c_str());
  for (const auto& [name, value] : values) std::printf(R"(,"%s":%.3f)", name.c_str(), value);
  std::printf("}\n");
  std::fflush(stdout);
}

}  // namespace mutual::bench
