// Clock: the only source of wall time in libsync. Pure layers never read a
// clock; they receive times as arguments. Tests inject a ManualClock so
// results are deterministic.
//
// Thread-safety: SystemClock is stateless; ManualClock is single-threaded.
#pragma once

#include <cstdint>

namespace mutual {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowUnixMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixMillis() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_millis = 0) : now_(start_millis) {}
  int64_t NowUnixMillis() const override { return now_; }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t millis) { now_ = millis; }

 private:
  int64_t now_;
};

}  // namespace mutual
