#pragma once
// The live-control interface: what the operator API asks of the running conferences.
// control/ defines it; the conference engine implements it (through an adapter in
// server/, since conference/ sits below control/ and cannot include this header). Every
// `/api/v1/rooms/{number}/...` live endpoint is one call here (docs/api.md), and the API
// maps LiveErrorCode to HTTP: kUnknownRoom/kUnknownParticipant → 404, kNotAllowed → 409,
// kInvalidArgument → 422, kUnavailable → 503.
//
// Threading contract for implementers: every method may be called from any HTTP worker
// thread, concurrently, and must be thread-safe; it should return promptly (the HTTP
// thread waits for it: post to the conference's loop and wait with a bounded timeout,
// answering kUnavailable on timeout). Never call back into control/ from inside a call.
// Ids are the conference's ParticipantId (mixer/floor/floor_types.h), unique in a room.
// Times are Unix seconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "mixer/floor/floor_types.h"

namespace softmcu::control {

enum class LiveErrorCode {
  kUnknownRoom,         // 404 live.unknown_room
  kUnknownParticipant,  // 404 live.unknown_participant
  kNotAllowed,          // 409 live.not_allowed: valid, but not in this state (room locked,
                        //     granting the chair, dialing a connected point, ...)
  kInvalidArgument,     // 422 live.invalid: e.g. a tile index outside the layout
  kUnavailable,         // 503 live.unavailable: the engine did not answer, or is not running
};
const char* ToString(LiveErrorCode code);

struct LiveError {
  LiveErrorCode code = LiveErrorCode::kUnavailable;
  std::string message;  // English detail for logs and the "detail" field of the JSON error
};
template <typename T>
using LiveResult = tl::expected<T, LiveError>;

// kLost: it was in the meeting and dropped (no media, BYE from the network); the MCU redials it.
enum class ParticipantState { kDialing, kRinging, kConnected, kTesting, kLost, kDisconnected, kFailed };
enum class ParticipantFloor { kNone, kRequesting, kHolding };
enum class Switch { kOff, kOn };
enum class RoomLock { kUnlocked, kLocked };
enum class MeetingPhase { kIdle, kTest, kLive };
const char* ToString(ParticipantState state);
const char* ToString(ParticipantFloor floor);
const char* ToString(MeetingPhase phase);

struct ParticipantStats {
  int64_t rx_bitrate_kbps = 0;
  int64_t tx_bitrate_kbps = 0;
  double rx_loss_pct = 0;
  double tx_loss_pct = 0;  // as reported by the point's RTCP
  double jitter_ms = 0;
  double rtt_ms = 0;
  uint64_t policer_drops = 0;
  uint64_t freezes = 0;
  int audio_level_dbov = -127;  // RFC 6464 scale: 0 loudest, -127 silence
};

struct ParticipantInfo {
  ParticipantId id = 0;
  std::string name;  // the address-book name, or the caller's display name
  std::string uri;
  std::optional<int64_t> point_id;  // when the caller is an address-book point
  ParticipantRole role = ParticipantRole::kBranch;
  ParticipantState state = ParticipantState::kDialing;
  bool muted = true;          // microphone closed by the MCU (chair-controlled default)
  bool video_stopped = false;
  ParticipantFloor floor = ParticipantFloor::kNone;
  std::optional<int> tile;    // tile index in the current layout, if shown
  int64_t joined_at = 0;
  ParticipantStats stats;
};

struct FloorRequestInfo {
  ParticipantId id = 0;
  int64_t requested_at = 0;
};

struct FloorInfo {
  std::vector<ParticipantId> holders;
  std::vector<FloorRequestInfo> queue;  // first come first
};

struct RoomLiveState {
  std::string number;
  MeetingPhase phase = MeetingPhase::kIdle;
  SpeakingMode mode = SpeakingMode::kChairControlled;
  RoomLock lock = RoomLock::kUnlocked;
  std::string layout;  // a built-in name or compact layout JSON (as stored for rooms)
  size_t participants = 0;
  std::optional<int64_t> booking_id;
  std::optional<int64_t> meeting_id;  // logbook meeting, when one is running
  FloorInfo floor;
};

// Whom to dial: a SIP URI, or an address-book point (whose URI the engine knows from the
// room configuration the daemon gave it).
struct DialTarget {
  std::string uri;
  std::optional<int64_t> point_id;
};

struct TileAssignment {
  ParticipantId participant = 0;
  int tile = 0;
};

struct MeetingRequest {
  MeetingPhase phase = MeetingPhase::kLive;  // kTest: loopback test of every point, not recorded as live
  std::optional<int64_t> booking_id;
  std::string title;
  // A booking's points: dialled with the room's members, members or not.
  std::vector<int64_t> point_ids;
};

class LiveControl {
 public:
  virtual ~LiveControl() = default;

  // Rooms the engine runs (idle rooms included).
  virtual std::vector<RoomLiveState> ListRooms() = 0;
  virtual LiveResult<RoomLiveState> GetRoom(std::string_view room) = 0;
  virtual LiveResult<std::vector<ParticipantInfo>> ListParticipants(std::string_view room) = 0;
  virtual LiveResult<ParticipantInfo> GetParticipant(std::string_view room, ParticipantId id) = 0;

  // Dial-out by the MCU (branch points never dial: OPERATING-MODEL.md). Returns the new id.
  virtual LiveResult<ParticipantId> Dial(std::string_view room, const DialTarget& target) = 0;
  // Dials every member point not connected yet; returns the ids dialled.
  virtual LiveResult<std::vector<ParticipantId>> DialMembers(std::string_view room) = 0;
  virtual LiveResult<void> Disconnect(std::string_view room, ParticipantId id) = 0;

  virtual LiveResult<void> SetMicrophone(std::string_view room, ParticipantId id, Switch on) = 0;
  virtual LiveResult<void> SetVideo(std::string_view room, ParticipantId id, Switch on) = 0;

  // Floor (mixer/floor/FloorControl rules, acted by the operator).
  virtual LiveResult<FloorInfo> GetFloor(std::string_view room) = 0;
  virtual LiveResult<void> GrantFloor(std::string_view room, ParticipantId id) = 0;
  virtual LiveResult<void> RevokeFloor(std::string_view room, ParticipantId id) = 0;
  // A request to speak on behalf of a point that phoned the chair technician.
  virtual LiveResult<void> RequestFloor(std::string_view room, ParticipantId id) = 0;
  virtual LiveResult<void> CancelFloorRequest(std::string_view room, ParticipantId id) = 0;

  // `layout`: a built-in name or layout JSON text (validated by the API before the call).
  virtual LiveResult<void> SetLayout(std::string_view room, const std::string& layout) = 0;
  // The seating plan: participant → tile of the current layout; replaces the previous plan.
  virtual LiveResult<void> SetTilePositions(std::string_view room, const std::vector<TileAssignment>& tiles) = 0;
  virtual LiveResult<void> SetLock(std::string_view room, RoomLock lock) = 0;
  virtual LiveResult<void> SetMode(std::string_view room, SpeakingMode mode) = 0;

  virtual LiveResult<void> StartMeeting(std::string_view room, const MeetingRequest& request) = 0;
  virtual LiveResult<void> EndMeeting(std::string_view room) = 0;
  // Loopback test of one point: the MCU sends the point its own picture and sound back.
  virtual LiveResult<void> StartLoopbackTest(std::string_view room, ParticipantId id) = 0;

  // A JPEG snapshot of a view, for the console's live preview (polled about once a second
  // per open board, so it must be cheap: encode the view's last composed canvas, do not
  // compose a new one). `receiver` names the participant whose view is wanted (each
  // receiver may see its own picture: self-view exclusion, a personal layout); nullopt is
  // the room's main view. Returns the JPEG file's bytes. kUnknownParticipant for an id not
  // in the room; kNotAllowed when nothing has been composed yet (an empty room). The
  // default answers kUnavailable, so an engine without previews still serves the rest.
  virtual LiveResult<std::string> PreviewJpeg(std::string_view room, std::optional<ParticipantId> receiver);
};

}  // namespace softmcu::control
