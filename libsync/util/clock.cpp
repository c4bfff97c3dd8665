#include "libsync/util/clock.h"

#include <chrono>

namespace mutual {

int64_t SystemClock::NowUnixMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace mutual
