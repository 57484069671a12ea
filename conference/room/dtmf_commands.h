#pragma once
// Turns a participant's DTMF key presses into room commands: a branch asks for the floor
// from its remote control (Hà Giang art. 10.2.e) with a short sequence, by default `*1`;
// `*0` withdraws the request or hands the floor back. A room PIN is typed as digits and
// `#`. Keys older than `timeout` before the next one are forgotten, so a stray key does
// not poison the next sequence. Pure; one per participant; no allocation per key.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/units.h"

namespace softmcu {

enum class DtmfCommand { kRequestFloor, kCancelFloor, kPinEntered };

struct DtmfCommandConfig {
  std::string request_floor = "*1";
  std::string cancel_floor = "*0";
  TimeDelta timeout = TimeDelta::Seconds(3);
};

struct DtmfCommandResult {
  DtmfCommand command = DtmfCommand::kRequestFloor;
  std::string pin;  // kPinEntered: the digits before '#'
};

class DtmfCommands {
 public:
  static constexpr size_t kMaxKeys = 16;

  explicit DtmfCommands(const DtmfCommandConfig& config) : config_(config) {}

  // `pin_mode`: the participant still has to enter the room PIN; digits then '#' make a
  // kPinEntered and the floor sequences are not recognised.
  std::optional<DtmfCommandResult> OnKey(char key, Timestamp now, bool pin_mode);

 private:
  bool EndsWith(std::string_view sequence) const;

  const DtmfCommandConfig config_;
  std::array<char, kMaxKeys> keys_{};
  size_t count_ = 0;
  Timestamp last_key_;
};

}  // namespace softmcu
