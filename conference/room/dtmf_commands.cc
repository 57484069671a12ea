#include "conference/room/dtmf_commands.h"

#include <algorithm>

namespace softmcu {

bool DtmfCommands::EndsWith(std::string_view sequence) const {
  if (sequence.empty() || sequence.size() > count_) return false;
  return std::equal(sequence.begin(), sequence.end(), keys_.begin() + (count_ - sequence.size()));
}

std::optional<DtmfCommandResult> DtmfCommands::OnKey(char key, Timestamp now, bool pin_mode) {
  if (count_ > 0 && now - last_key_ > config_.timeout) count_ = 0;
  last_key_ = now;
  if (pin_mode && key == '#') {
    DtmfCommandResult result{.command = DtmfCommand::kPinEntered, .pin = std::string(keys_.data(), count_)};
    count_ = 0;
    return result;
  }
  if (count_ == kMaxKeys) {  // keep the newest keys
    std::move(keys_.begin() + 1, keys_.end(), keys_.begin());
    --count_;
  }
  keys_[count_++] = key;
  if (pin_mode) return std::nullopt;
  for (auto [sequence, command] : {std::pair{std::string_view(config_.request_floor), DtmfCommand::kRequestFloor},
                                   std::pair{std::string_view(config_.cancel_floor), DtmfCommand::kCancelFloor}}) {
    if (EndsWith(sequence)) {
      count_ = 0;
      return DtmfCommandResult{.command = command, .pin = {}};
    }
  }
  return std::nullopt;
}

}  // namespace softmcu
