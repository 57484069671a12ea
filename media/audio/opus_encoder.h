#pragma once
// Encodes 20 ms AudioFrames (48 kHz mono) into Opus RTP payloads (RFC 7587 §4.2: one
// Opus packet per RTP packet) for one outgoing stream, e.g. one participant's mix.
//
// Tuned for conversation: OPUS_APPLICATION_VOIP, a configurable bitrate (32 kbps by
// default), optional DTX (RFC 7587 §3.1.3) and SILK in-band FEC (RFC 7587 §3.1.2) whose
// use follows the loss the receiver reports in RTCP: SetPacketLossPercent() tells the
// encoder how much redundancy to spend, and with InbandFec::kWhenLossy FEC is switched
// on only above ~1 % loss, so a clean path does not pay for it.
//
// Encode() writes into the caller's buffer; nothing is allocated after construction.
// Not thread-safe: owned by one media thread.
//
// The libopus type of the same name is the global ::OpusEncoder; this is softmcu::OpusEncoder.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "core/units.h"
#include "media/audio/audio_frame.h"

struct OpusEncoder;  // libopus

namespace softmcu {

class OpusEncoder {
 public:
  enum class InbandFec {
    kOff,
    kOn,
    kWhenLossy,  // on while the reported loss exceeds kFecLossThresholdPercent
  };

  struct Config {
    DataRate bitrate = DataRate::KilobitsPerSec(32);
    // 0–10. 5 costs ~60 % of 10 per frame (about 180 against 300 µs on the reference
    // machine, `softmcu-bench media`, audio part) with no audible loss for speech at 32 kbps.
    int complexity = 5;
    bool dtx = false;
    InbandFec inband_fec = InbandFec::kWhenLossy;
    int packet_loss_percent = 0;
  };

  // Above this reported loss, kWhenLossy turns FEC on.
  static constexpr int kFecLossThresholdPercent = 1;
  // One 20 ms frame: code 0 packet (RFC 6716 §3.2.2), TOC + at most 1275 bytes.
  static constexpr size_t kMaxPayloadSize = 1276;

  OpusEncoder() : OpusEncoder(Config{}) {}
  explicit OpusEncoder(const Config& config);
  ~OpusEncoder();
  OpusEncoder(const OpusEncoder&) = delete;
  OpusEncoder& operator=(const OpusEncoder&) = delete;

  // Writes one payload into `out` and returns its size, or nullopt if libopus fails
  // (e.g. `out` too small: kMaxPayloadSize always suffices). With DTX on, a payload of
  // 1–2 bytes means silence: the caller may skip sending it (RFC 7587 §3.1.3).
  std::optional<size_t> Encode(const AudioFrame& frame, std::span<uint8_t> out);

  void SetBitrate(DataRate bitrate);
  // Loss fraction from RTCP receiver reports (RFC 3550 §6.4.1), as a percentage 0–100.
  void SetPacketLossPercent(int percent);

  bool fec_enabled() const { return fec_enabled_; }
  int packet_loss_percent() const { return packet_loss_percent_; }
  const Config& config() const { return config_; }

 private:
  struct Deleter {
    void operator()(::OpusEncoder* encoder) const;
  };

  void ApplyFec();

  Config config_;
  const std::unique_ptr<::OpusEncoder, Deleter> encoder_;
  int packet_loss_percent_ = 0;
  bool fec_enabled_ = false;
};

}  // namespace softmcu
