#include "mixer/floor/floor_control.h"

#include <gtest/gtest.h>

#include <functional>

namespace softmcu {
namespace {

constexpr ParticipantId kChair = 1;
constexpr ParticipantId kA = 10, kB = 11, kC = 12;
const Timestamp kT0 = Timestamp::Seconds(100);

Timestamp At(int ms) {
  return kT0 + TimeDelta::Millis(ms);
}

FloorControl Room(FloorConfig config = {}) {
  FloorControl floor(config);
  EXPECT_TRUE(floor.AddParticipant(kChair, ParticipantRole::kChair));
  for (ParticipantId id : {kA, kB, kC}) EXPECT_TRUE(floor.AddParticipant(id, ParticipantRole::kBranch));
  return floor;
}

FloorEvents Ok(Result<FloorEvents> r) {
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return r.value_or(FloorEvents{});
}

TEST(FloorControl, RequestsQueueInFifoOrderWithTheirTimes) {
  FloorControl floor = Room();
  Ok(floor.Request(kB, At(0), FloorActor::kTerminal));
  Ok(floor.Request(kA, At(10), FloorActor::kTerminal));
  Ok(floor.Request(kC, At(20), FloorActor::kOperator));
  EXPECT_EQ(std::vector(floor.queue().begin(), floor.queue().end()),
            (std::vector<FloorRequest>{{kB, At(0)}, {kA, At(10)}, {kC, At(20)}}));
}

TEST(FloorControl, DuplicateRequestKeepsFirstPlaceAndTimeAndEmitsNothing) {
  FloorControl floor = Room();
  Ok(floor.Request(kA, At(0), FloorActor::kTerminal));
  Ok(floor.Request(kB, At(10), FloorActor::kTerminal));
  EXPECT_TRUE(Ok(floor.Request(kA, At(20), FloorActor::kTerminal)).empty());
  EXPECT_EQ(std::vector(floor.queue().begin(), floor.queue().end()),
            (std::vector<FloorRequest>{{kA, At(0)}, {kB, At(10)}}));
}

TEST(FloorControl, CancelRemovesTheRequestAndEmitsCancelled) {
  FloorControl floor = Room();
  Ok(floor.Request(kA, At(0), FloorActor::kTerminal));
  EXPECT_EQ(Ok(floor.Cancel(kA, At(5), FloorActor::kTerminal)),
            (FloorEvents{{FloorEventKind::kCancelled, kA, At(5), FloorActor::kTerminal}}));
  EXPECT_TRUE(floor.queue().empty());
  EXPECT_EQ(floor.StateOf(kA), FloorState::kIdle);
}

TEST(FloorControl, GrantTakesThePointOutOfTheQueue) {
  FloorControl floor = Room();
  Ok(floor.Request(kA, At(0), FloorActor::kTerminal));
  Ok(floor.Request(kB, At(1), FloorActor::kTerminal));
  EXPECT_EQ(Ok(floor.Grant(kB, At(2), FloorActor::kChair)),
            (FloorEvents{{FloorEventKind::kGranted, kB, At(2), FloorActor::kChair}}));
  ASSERT_EQ(floor.queue().size(), 1u);
  EXPECT_EQ(floor.queue()[0].participant, kA);
  EXPECT_TRUE(floor.MaySpeak(kB));
  EXPECT_FALSE(floor.MaySpeak(kA));
}

TEST(FloorControl, ExclusiveGrantRevokesThePreviousHolderFirst) {
  FloorControl floor = Room();
  Ok(floor.Grant(kA, At(0), FloorActor::kChair));
  EXPECT_EQ(Ok(floor.Grant(kB, At(10), FloorActor::kOperator)),
            (FloorEvents{{FloorEventKind::kRevoked, kA, At(10), FloorActor::kOperator},
                         {FloorEventKind::kGranted, kB, At(10), FloorActor::kOperator}}));
  EXPECT_EQ(std::vector(floor.holders().begin(), floor.holders().end()), std::vector<ParticipantId>{kB});
  EXPECT_EQ(floor.StateOf(kA), FloorState::kIdle);
}

TEST(FloorControl, SharedFloorKeepsSeveralHoldersUpToTheMaximum) {
  FloorControl floor = Room({.exclusivity = FloorExclusivity::kShared, .max_holders = 2});
  EXPECT_EQ(Ok(floor.Grant(kA, At(0), FloorActor::kChair)).size(), 1u);
  EXPECT_EQ(Ok(floor.Grant(kB, At(1), FloorActor::kChair)).size(), 1u);
  EXPECT_EQ(std::vector(floor.holders().begin(), floor.holders().end()),
            (std::vector<ParticipantId>{kA, kB}));
  auto full = floor.Grant(kC, At(2), FloorActor::kChair);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(floor.StateOf(kC), FloorState::kIdle);
}

TEST(FloorControl, GrantNextGrantsTheHeadOfTheQueue) {
  FloorControl floor = Room();
  Ok(floor.Request(kC, At(0), FloorActor::kTerminal));
  Ok(floor.Request(kA, At(1), FloorActor::kTerminal));
  EXPECT_EQ(Ok(floor.GrantNext(At(2), FloorActor::kChair)).back().participant, kC);
  EXPECT_EQ(Ok(floor.GrantNext(At(3), FloorActor::kChair)),
            (FloorEvents{{FloorEventKind::kRevoked, kC, At(3), FloorActor::kChair},
                         {FloorEventKind::kGranted, kA, At(3), FloorActor::kChair}}));
  EXPECT_EQ(floor.GrantNext(At(4), FloorActor::kChair).error().code, ErrorCode::kNotFound);
}

TEST(FloorControl, HolderReleasesTheFloor) {
  FloorControl floor = Room();
  Ok(floor.Grant(kA, At(0), FloorActor::kChair));
  EXPECT_EQ(Ok(floor.Release(kA, At(9), FloorActor::kTerminal)),
            (FloorEvents{{FloorEventKind::kReleased, kA, At(9), FloorActor::kTerminal}}));
  EXPECT_TRUE(floor.holders().empty());
}

TEST(FloorControl, RevokeOfANonHolderIsAnError) {
  FloorControl floor = Room();
  Ok(floor.Request(kA, At(0), FloorActor::kTerminal));
  auto r = floor.Revoke(kA, At(1), FloorActor::kChair);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("participant 10"), std::string::npos) << r.error().message;
  EXPECT_EQ(floor.queue().size(), 1u);  // unchanged
}

TEST(FloorControl, InvalidActionsAreErrorsAndChangeNothing) {
  struct Case {
    const char* name;
    std::function<Result<FloorEvents>(FloorControl&)> action;
    ErrorCode code;
  };
  const Case cases[] = {
      {"unknown participant", [](auto& f) { return f.Request(99, At(0), FloorActor::kTerminal); },
       ErrorCode::kNotFound},
      {"cancel without request", [](auto& f) { return f.Cancel(kA, At(0), FloorActor::kTerminal); },
       ErrorCode::kInvalidArgument},
      {"release without floor", [](auto& f) { return f.Release(kA, At(0), FloorActor::kTerminal); },
       ErrorCode::kInvalidArgument},
      {"chair requests", [](auto& f) { return f.Request(kChair, At(0), FloorActor::kChair); },
       ErrorCode::kInvalidArgument},
      {"grant to chair", [](auto& f) { return f.Grant(kChair, At(0), FloorActor::kOperator); },
       ErrorCode::kInvalidArgument},
      {"terminal grants", [](auto& f) { return f.Grant(kA, At(0), FloorActor::kTerminal); },
       ErrorCode::kInvalidArgument},
      {"holder requests", [](auto& f) { return f.Request(kB, At(0), FloorActor::kTerminal); },
       ErrorCode::kInvalidArgument},
      {"holder granted again", [](auto& f) { return f.Grant(kB, At(0), FloorActor::kChair); },
       ErrorCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    FloorControl floor = Room();
    Ok(floor.Grant(kB, At(0), FloorActor::kChair));
    auto r = c.action(floor);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name;
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_EQ(std::vector(floor.holders().begin(), floor.holders().end()), std::vector<ParticipantId>{kB})
        << c.name;
    EXPECT_TRUE(floor.queue().empty()) << c.name;
  }
}

TEST(FloorControl, ChairMayAlwaysSpeak) {
  FloorControl floor = Room();
  EXPECT_TRUE(floor.MaySpeak(kChair));
  Ok(floor.Grant(kA, At(0), FloorActor::kChair));
  EXPECT_TRUE(floor.MaySpeak(kChair));
  EXPECT_FALSE(floor.MaySpeak(99));
}

TEST(FloorControl, LeavingCancelsARequestOrReleasesTheFloor) {
  FloorControl floor = Room();
  Ok(floor.Request(kA, At(0), FloorActor::kTerminal));
  Ok(floor.Grant(kB, At(1), FloorActor::kChair));
  EXPECT_EQ(Ok(floor.RemoveParticipant(kA, At(2), FloorActor::kOperator)),
            (FloorEvents{{FloorEventKind::kCancelled, kA, At(2), FloorActor::kOperator}}));
  EXPECT_EQ(Ok(floor.RemoveParticipant(kB, At(3), FloorActor::kOperator)),
            (FloorEvents{{FloorEventKind::kReleased, kB, At(3), FloorActor::kOperator}}));
  EXPECT_TRUE(floor.queue().empty());
  EXPECT_TRUE(floor.holders().empty());
  EXPECT_FALSE(floor.StateOf(kA).has_value());
}

TEST(FloorControl, AddingTwiceIsAnError) {
  FloorControl floor = Room();
  EXPECT_EQ(floor.AddParticipant(kA, ParticipantRole::kBranch).error().code, ErrorCode::kAlreadyExists);
}

TEST(FloorControl, AMeetingEmitsItsEventsInOrder) {
  FloorControl floor = Room();
  FloorEvents log;
  auto record = [&](Result<FloorEvents> r) {
    ASSERT_TRUE(r.has_value()) << r.error().message;
    log.insert(log.end(), r->begin(), r->end());
  };
  record(floor.Request(kA, At(0), FloorActor::kTerminal));
  record(floor.Request(kB, At(1), FloorActor::kApi));
  record(floor.Request(kA, At(2), FloorActor::kTerminal));  // duplicate: nothing
  record(floor.GrantNext(At(3), FloorActor::kChair));
  record(floor.Cancel(kB, At(4), FloorActor::kTerminal));
  record(floor.Grant(kC, At(5), FloorActor::kChair));
  record(floor.Release(kC, At(6), FloorActor::kTerminal));
  using K = FloorEventKind;
  EXPECT_EQ(log, (FloorEvents{{K::kRequested, kA, At(0), FloorActor::kTerminal},
                              {K::kRequested, kB, At(1), FloorActor::kApi},
                              {K::kGranted, kA, At(3), FloorActor::kChair},
                              {K::kCancelled, kB, At(4), FloorActor::kTerminal},
                              {K::kRevoked, kA, At(5), FloorActor::kChair},
                              {K::kGranted, kC, At(5), FloorActor::kChair},
                              {K::kReleased, kC, At(6), FloorActor::kTerminal}}));
}

TEST(FloorControl, TransitionTable) {
  using S = FloorState;
  using A = FloorAction;
  struct Case {
    S from;
    A action;
    std::optional<S> to;
  };
  const Case cases[] = {
      {S::kIdle, A::kRequest, S::kRequesting},
      {S::kRequesting, A::kRequest, S::kRequesting},
      {S::kHolding, A::kRequest, {}},
      {S::kIdle, A::kCancel, {}},
      {S::kRequesting, A::kCancel, S::kIdle},
      {S::kHolding, A::kCancel, {}},
      {S::kIdle, A::kGrant, S::kHolding},
      {S::kRequesting, A::kGrant, S::kHolding},
      {S::kHolding, A::kGrant, {}},
      {S::kIdle, A::kRevoke, {}},
      {S::kRequesting, A::kRevoke, {}},
      {S::kHolding, A::kRevoke, S::kIdle},
      {S::kIdle, A::kRelease, {}},
      {S::kHolding, A::kRelease, S::kIdle},
  };
  for (const Case& c : cases) {
    auto to = FloorControl::Transition(c.from, c.action);
    EXPECT_EQ(to.has_value(), c.to.has_value()) << ToString(c.from) << " + " << ToString(c.action);
    if (to && c.to) {
      EXPECT_EQ(*to, *c.to);
    }
  }
}

TEST(FloorConfig, RejectsMaxHoldersOutsideRange) {
  EXPECT_FALSE((FloorConfig{.max_holders = 0}.Validate().has_value()));
  EXPECT_FALSE((FloorConfig{.max_holders = 17}.Validate().has_value()));
  EXPECT_TRUE((FloorConfig{.max_holders = 16}.Validate().has_value()));
}

}  // namespace
}  // namespace softmcu
