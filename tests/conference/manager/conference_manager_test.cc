// The conference engine on real threads and the real clock, joined the way a SIP call
// joins (without SIP): the terminal offers SDP with SDES keys, the manager's media factory
// answers, both sides build SRTP transports from the negotiation, and the manager starts
// the participant's media on a worker while the room ticks on its home worker.

#include "conference/manager/conference_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "../media_test_rig.h"
#include "conference/media/stream_setup.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sdp/sdp_writer.h"

namespace softmcu {
namespace {

constexpr double kChairHz = 300;
constexpr double kBranchHz = 500;

class NullListener final : public ConferenceListener {
 public:
  void OnParticipantUpdated(std::string_view, const ParticipantSnapshot&) override { ++updates; }
  void OnParticipantRemoved(std::string_view, ParticipantId, std::string_view) override { ++removed; }
  void OnFloorEvent(std::string_view, const FloorEvent&) override {}
  void OnLevels(std::string_view, std::span<const SpeakerLevel>) override {}
  void OnTestReport(std::string_view, const ParticipantSnapshot&) override {}
  void OnMediaLost(std::string_view, ParticipantId) override {}
  void OnHangupWanted(std::string_view, ParticipantId, std::string_view) override {}
  std::atomic<int> updates{0};
  std::atomic<int> removed{0};
};

// A TestTerminal on its own thread and the system clock.
class ThreadedTerminal {
 public:
  ThreadedTerminal(std::string name, double hz) : thread_(name) {
    OnLoop([&] {
      pool_ = std::make_unique<PacketBufferPool>(256, 4096);
      terminal_ = std::make_unique<test::TestTerminal>(name, hz, thread_.loop(), pool_.get(), &clock_);
    });
  }
  ~ThreadedTerminal() {
    OnLoop([&] {
      tick_.reset();
      terminal_.reset();
    });
  }

  // The terminal's side of the offer/answer; returns its offer SDP.
  std::string Offer() {
    std::string text;
    OnLoop([&] {
      audio_socket_ = std::move(*UdpSocket::Bind(thread_.loop().context(), {test::kLoopback, 0}));
      sdp::LocalMedia local;
      local.audio.rtp_port = audio_socket_->local_endpoint().port();
      auto offer = sdp::MediaNegotiator(Caps()).CreateOffer(local);
      ASSERT_TRUE(offer.has_value());
      text = sdp::SdpWriter::Write(offer->sdp);
      offer_ = std::move(*offer);
    });
    return text;
  }
  void Answer(const std::string& answer_text) {
    OnLoop([&] {
      auto answer = sdp::SdpParser::Parse(answer_text);
      ASSERT_TRUE(answer.has_value());
      auto session = sdp::MediaNegotiator(Caps()).ProcessAnswer(*offer_, *answer);
      ASSERT_TRUE(session.has_value()) << session.error().reason;
      ASSERT_TRUE(session->audio.has_value());
      RtpSocketPair sockets{std::move(audio_socket_), nullptr};
      auto setup = MakeStreamSetup(*session->audio, std::move(sockets), true, DataRate::KilobitsPerSec(2000));
      ASSERT_TRUE(setup.has_value());
      terminal_->set_payload_types(session->audio->payload_type,
                                   session->audio->audio->telephone_event_pt.value_or(101), 96);
      terminal_->AddStream(std::move(*setup));
      tick_ = thread_.loop().Every(TimeDelta::Millis(1), [this] { terminal_->Step(clock_.Now()); });
    });
  }
  double Heard(double hz) {
    double value = 0;
    OnLoop([&] { value = terminal_->Heard(hz); });
    return value;
  }
  size_t frames() {
    size_t value = 0;
    OnLoop([&] { value = terminal_->audio_frames_received(); });
    return value;
  }

 private:
  static sdp::MediaCapabilities Caps() {
    sdp::MediaCapabilities caps;
    caps.video.enabled = false;
    return caps;
  }
  void OnLoop(std::function<void()> fn) {
    std::promise<void> done;
    thread_.loop().Post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

  SystemClock clock_;
  EventLoopThread thread_;
  std::unique_ptr<PacketBufferPool> pool_;
  std::unique_ptr<test::TestTerminal> terminal_;
  std::unique_ptr<UdpSocket> audio_socket_;
  std::optional<sdp::LocalOffer> offer_;
  std::unique_ptr<EventLoop::RepeatingTask> tick_;
};

class ConferenceManagerTest : public ::testing::Test {
 protected:
  ConferenceManagerTest() {
    ConferenceConfig config;
    config.workers = 2;
    config.media.port_min = 40000;
    config.media.port_max = 40999;
    manager_ = std::make_unique<ConferenceManager>(config, &listener_, SystemClock::Instance());
    EXPECT_TRUE(manager_->OpenRoom(RoomConfig{}));
  }

  // Joins a terminal to room 1000 through SDP; returns its participant id.
  ParticipantId Join(ThreadedTerminal& terminal, const std::string& name, ParticipantRole role) {
    auto offer = sdp::SdpParser::Parse(terminal.Offer());
    EXPECT_TRUE(offer.has_value());
    sdp::MediaCapabilities caps;
    auto answered = manager_->media_factory().AnswerOffer(*offer, caps);
    EXPECT_TRUE(answered.has_value()) << (answered ? "" : answered.error().reason);
    terminal.Answer(answered->second);
    auto id = manager_->Run<ParticipantId>("1000", [&](Room& room) {
      return room.AddParticipant(ParticipantInfo{.name = name, .uri = "sip:" + name + "@127.0.0.1", .role = role});
    });
    EXPECT_TRUE(id.has_value());
    std::promise<Result<void>> started;
    manager_->StartMedia("1000", *id, name, std::move(answered->first), {},
                         [&](Result<void> r) { started.set_value(std::move(r)); });
    EXPECT_TRUE(started.get_future().get().has_value());
    return *id;
  }

  template <typename Pred>
  bool WaitFor(Pred pred, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  }

  NullListener listener_;
  std::unique_ptr<ConferenceManager> manager_;
};

TEST_F(ConferenceManagerTest, PointsJoinedThroughSdpHearTheChairOverSrtp) {
  ThreadedTerminal chair("chair", kChairHz);
  ThreadedTerminal branch("branch", kBranchHz);
  Join(chair, "chair", ParticipantRole::kChair);
  const ParticipantId branch_id = Join(branch, "branch", ParticipantRole::kBranch);

  EXPECT_TRUE(WaitFor([&] { return branch.Heard(kChairHz) > 2500; })) << branch.Heard(kChairHz);
  EXPECT_LT(chair.Heard(kBranchHz), 300);  // no floor yet

  ASSERT_TRUE(manager_->Run<bool>("1000", [&](Room& room) -> Result<bool> {
    if (auto ok = room.GrantFloor(branch_id, FloorActor::kApi); !ok) return tl::unexpected(ok.error());
    return true;
  }));
  EXPECT_TRUE(WaitFor([&] { return chair.Heard(kBranchHz) > 2500; })) << chair.Heard(kBranchHz);

  auto snapshot = manager_->Run<RoomSnapshot>("1000", [](Room& room) -> Result<RoomSnapshot> { return room.Snapshot(); });
  ASSERT_TRUE(snapshot.has_value());
  ASSERT_EQ(snapshot->participants.size(), 2u);
  for (const auto& p : snapshot->participants) EXPECT_EQ(p.state, ParticipantState::kConnected) << p.info.name;

  manager_->StopMedia("1000", branch_id, ParticipantEvent::kLeft, "test over");
  EXPECT_TRUE(WaitFor([&] { return listener_.removed.load() == 1; }));
}

TEST_F(ConferenceManagerTest, UnknownRoomAndRoomThreadErrorsAreResults) {
  auto missing = manager_->Run<int>("9999", [](Room&) -> Result<int> { return 1; });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(manager_->OpenRoom(RoomConfig{}).has_value());  // already open
  RoomConfig bad;
  bad.number = "12a";
  auto opened = manager_->OpenRoom(bad);
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().message.find("number"), std::string::npos);
  EXPECT_TRUE(manager_->CloseRoom("1000").has_value());
  EXPECT_FALSE(manager_->IsOpen("1000"));
}

}  // namespace
}  // namespace softmcu
