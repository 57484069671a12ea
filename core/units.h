#pragma once
// Typed time and rate (CONVENTIONS.md §9, after libwebrtc's Timestamp/TimeDelta/DataRate):
// a policer takes a DataRate, never an `int bitrate`, so units cannot be mixed up.
// All are plain values: cheap to copy, constexpr, no allocation.

#include <compare>
#include <cstdint>

namespace softmcu {

class TimeDelta {
 public:
  constexpr TimeDelta() = default;
  static constexpr TimeDelta Micros(int64_t us) { return TimeDelta(us); }
  static constexpr TimeDelta Millis(int64_t ms) { return TimeDelta(ms * 1000); }
  static constexpr TimeDelta Seconds(int64_t s) { return TimeDelta(s * 1'000'000); }
  static constexpr TimeDelta SecondsF(double s) { return TimeDelta(static_cast<int64_t>(s * 1e6)); }
  static constexpr TimeDelta Zero() { return TimeDelta(0); }

  constexpr int64_t us() const { return us_; }
  constexpr int64_t ms() const { return us_ / 1000; }
  constexpr double seconds() const { return static_cast<double>(us_) / 1e6; }

  constexpr auto operator<=>(const TimeDelta&) const = default;
  constexpr TimeDelta operator+(TimeDelta o) const { return TimeDelta(us_ + o.us_); }
  constexpr TimeDelta operator-(TimeDelta o) const { return TimeDelta(us_ - o.us_); }
  constexpr TimeDelta operator*(int64_t k) const { return TimeDelta(us_ * k); }
  constexpr TimeDelta operator/(int64_t k) const { return TimeDelta(us_ / k); }
  constexpr TimeDelta& operator+=(TimeDelta o) { us_ += o.us_; return *this; }
  constexpr TimeDelta& operator-=(TimeDelta o) { us_ -= o.us_; return *this; }

 private:
  constexpr explicit TimeDelta(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

// A point on the monotonic clock of the process. Its origin is arbitrary.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp Micros(int64_t us) { return Timestamp(us); }
  static constexpr Timestamp Millis(int64_t ms) { return Timestamp(ms * 1000); }
  static constexpr Timestamp Seconds(int64_t s) { return Timestamp(s * 1'000'000); }

  constexpr int64_t us() const { return us_; }
  constexpr int64_t ms() const { return us_ / 1000; }
  constexpr double seconds() const { return static_cast<double>(us_) / 1e6; }

  constexpr auto operator<=>(const Timestamp&) const = default;
  constexpr Timestamp operator+(TimeDelta d) const { return Timestamp(us_ + d.us()); }
  constexpr Timestamp operator-(TimeDelta d) const { return Timestamp(us_ - d.us()); }
  constexpr TimeDelta operator-(Timestamp o) const { return TimeDelta::Micros(us_ - o.us_); }
  constexpr Timestamp& operator+=(TimeDelta d) { us_ += d.us(); return *this; }

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

class DataSize {
 public:
  constexpr DataSize() = default;
  static constexpr DataSize Bytes(int64_t b) { return DataSize(b); }
  constexpr int64_t bytes() const { return bytes_; }
  constexpr int64_t bits() const { return bytes_ * 8; }
  constexpr auto operator<=>(const DataSize&) const = default;
  constexpr DataSize operator+(DataSize o) const { return DataSize(bytes_ + o.bytes_); }
  constexpr DataSize operator-(DataSize o) const { return DataSize(bytes_ - o.bytes_); }
  constexpr DataSize& operator+=(DataSize o) { bytes_ += o.bytes_; return *this; }

 private:
  constexpr explicit DataSize(int64_t b) : bytes_(b) {}
  int64_t bytes_ = 0;
};

class DataRate {
 public:
  constexpr DataRate() = default;
  static constexpr DataRate BitsPerSec(int64_t bps) { return DataRate(bps); }
  static constexpr DataRate KilobitsPerSec(int64_t kbps) { return DataRate(kbps * 1000); }
  static constexpr DataRate MegabitsPerSecF(double mbps) { return DataRate(static_cast<int64_t>(mbps * 1e6)); }

  constexpr int64_t bps() const { return bps_; }
  constexpr int64_t kbps() const { return bps_ / 1000; }
  constexpr double mbps() const { return static_cast<double>(bps_) / 1e6; }
  constexpr auto operator<=>(const DataRate&) const = default;

  // Bytes this rate carries in `d` (rounded down).
  constexpr DataSize Over(TimeDelta d) const { return DataSize::Bytes(bps_ * d.us() / 8'000'000); }
  // Time this rate needs to carry `s` (rounded up; zero rate means "never": a large delta).
  constexpr TimeDelta TimeFor(DataSize s) const {
    if (bps_ <= 0) return TimeDelta::Seconds(1'000'000);
    return TimeDelta::Micros((s.bits() * 1'000'000 + bps_ - 1) / bps_);
  }

 private:
  constexpr explicit DataRate(int64_t bps) : bps_(bps) {}
  int64_t bps_ = 0;
};

}  // namespace softmcu
