// The web console in headless Chromium (via chromedriver) against the real control plane
// — ControlPlane, HTTP server, accounts, stores — with a fake live room standing in for
// the conference engine (fake_live_room.h). Fast (a few seconds a test) and independent
// of the SIP stack; console_daemon_test.cc runs the same console against the softmcu daemon.
//
// Artifacts (screenshots, chromedriver logs) go to SOFTMCU_BROWSER_ARTIFACTS/<test>/;
// each test prints where.

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "control/unix_clock.h"
#include "tests/browser/console_steps.h"
#include "tests/browser/fake_live_room.h"
#include "tests/browser/web_driver.h"
#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

using namespace softmcu::testing;  // NOLINT: the browser steps
using nlohmann::json;

class ConsoleFakeRoomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string missing = WebDriver::MissingPrograms(); !missing.empty()) {
      GTEST_SKIP() << "browser test skipped, " << missing;
    }
    ControlOptions options = TestOptions(dir_.path());
    options.http.cookie_secure = CookieSecure::kWhenTls;  // plain HTTP on loopback in this test
    options.http.static_dir = SOFTMCU_SOURCE_DIR "/console";
    options.http.max_event_streams = 4;
    auto plane = ControlPlane::Open(options, UnixClock::Instance(), &metrics_);
    ASSERT_TRUE(plane) << plane.error().code;
    plane_ = std::move(*plane);
    ASSERT_TRUE(plane_->EnsureInitialAdmin(kAdminPassword));
    ASSERT_TRUE(plane_->accounts().CreateUser("operator", kOperatorPassword, Role::kOperator));
    ASSERT_TRUE(plane_->accounts().CreateUser("viewer", kViewerPassword, Role::kViewer));
    room_ = std::make_unique<FakeLiveRoom>(&plane_->events());
    plane_->SetLiveControl(room_.get());
    auto port = plane_->StartHttp();
    ASSERT_TRUE(port) << port.error().code;
    base_ = "http://127.0.0.1:" + std::to_string(*port);
    api_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    api_->set_read_timeout(10, 0);
    // The engine's periodic levels and statistics, ~3 a second so the test sees them soon.
    ticker_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(ticker_mutex_);
      while (!ticker_cv_.wait_for(lock, std::chrono::milliseconds(300), [this] { return stop_; })) room_->Tick();
    });
    driver_ = WebDriver::Start(ArtifactDir(), /*accept_insecure_certs=*/false);
    ASSERT_TRUE(driver_);
  }

  void TearDown() override {
    driver_.reset();
    {
      std::lock_guard<std::mutex> lock(ticker_mutex_);
      stop_ = true;
    }
    ticker_cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    if (plane_) plane_->StopHttp();
  }

  // Logs in through the login form and waits for the board of room 1000.
  void LogIn(const std::string& user, const std::string& password) {
    LogInThroughTheForm(*driver_, base_, user, password);
  }
  void WaitForBoard() {
    ASSERT_TRUE(driver_->WaitFor("four points on the board",
                                 "return document.querySelectorAll('[data-test=point]').length === 4;"));
  }

  std::string Token(const std::string& user, const std::string& password) {
    auto r = api_->Post("/api/v1/login", json{{"user", user}, {"password", password}}.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200);
    return r ? json::parse(r->body).value("token", "") : "";
  }
  std::string PreviewBytes(const std::string& token) {
    auto r = api_->Get("/api/v1/rooms/1000/preview.jpg", {{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(r && r->status == 200);
    return r ? r->body : "";
  }
  json Card(ParticipantId id) { return softmcu::testing::Card(*driver_, id); }

  TempDir dir_;
  MetricsRegistry metrics_;
  std::unique_ptr<ControlPlane> plane_;
  std::unique_ptr<FakeLiveRoom> room_;
  std::unique_ptr<httplib::Client> api_;
  std::unique_ptr<WebDriver> driver_;
  std::string base_;
  std::thread ticker_;
  std::mutex ticker_mutex_;
  std::condition_variable ticker_cv_;
  bool stop_ = false;
};

TEST_F(ConsoleFakeRoomTest, BoardShowsPointsGrantsTheFloorAndSwitchesTheLayout) {
  LogIn("operator", kOperatorPassword);
  WaitForBoard();
  // Every point with its state, in Vietnamese by default.
  EXPECT_EQ(Card(room_->chair())["state"], "connected");
  EXPECT_EQ(Card(room_->connected_branch())["badge"], "Đã kết nối");
  EXPECT_EQ(Card(room_->ringing_branch())["badge"], "Đang đổ chuông");
  EXPECT_EQ(Card(room_->lost_branch())["badge"], "Mất kết nối");
  // Audio levels and statistics arrive over the event stream.
  EXPECT_TRUE(driver_->WaitFor("the chair's level meter to move",
                               "const m = document.querySelector(`[data-id='${arguments[0]}'] .meter-fill`);"
                               "return m && parseFloat(m.style.width) > 0;",
                               std::chrono::seconds(5), {room_->chair()}));

  // A point asks for the floor (on its behalf, through the API); the chair technician grants
  // it from the queue.
  const std::string token = Token("operator", kOperatorPassword);
  const ParticipantId branch = room_->connected_branch();
  auto requested = api_->Post("/api/v1/rooms/1000/floor/requests", {{"Authorization", "Bearer " + token}},
                              json{{"participant", branch}}.dump(), "application/json");
  ASSERT_TRUE(requested && requested->status == 200) << (requested ? requested->body : "no answer");
  ASSERT_TRUE(driver_->WaitFor("the request in the queue",
                               "return document.querySelector(`[data-test=queue-list] li[data-participant='${arguments[0]}']`);",
                               std::chrono::seconds(5), {branch}));
  EXPECT_EQ(Card(branch)["floor"], "requesting");
  ASSERT_TRUE(GrantFromTheQueue(*driver_, branch));
  EXPECT_EQ(driver_->Execute("return document.querySelector(`[data-id='${arguments[0]}'] [data-test=point-floor]`).textContent;",
                             {branch}),
            "Đang phát biểu");
  const auto calls = room_->inner().calls();
  EXPECT_NE(std::find(calls.begin(), calls.end(), "grant " + std::to_string(branch)), calls.end());

  // The preview: steady while the view is, different once the layout changes.
  // Two previews in a row alike: the picture is steady (the grant above changed it once).
  json steady;
  json previous = WaitForPreview(*driver_, 0, std::nullopt);
  for (int i = 0; i < 5 && previous.is_object() && steady.is_null(); ++i) {
    json next = WaitForPreview(*driver_, previous["frames"].get<int>(), std::nullopt);
    if (next.is_object() && next["hash"] == previous["hash"]) steady = next;
    previous = next;
  }
  ASSERT_TRUE(steady.is_object()) << "the preview never settled, though the view did not change";
  EXPECT_EQ(steady["width"], 640);
  const std::string before = PreviewBytes(token);
  EXPECT_TRUE(IsJpeg(before));
  EXPECT_EQ(PreviewBytes(token), before);

  ASSERT_TRUE(PickLayout(*driver_, "2x2", 4));
  EXPECT_TRUE(WaitForPreview(*driver_, steady["frames"].get<int>(), steady["hash"].get<uint32_t>()).is_object());
  const std::string after = PreviewBytes(token);
  EXPECT_TRUE(IsJpeg(after));
  EXPECT_NE(after, before);
  EXPECT_EQ(json::parse(api_->Get("/api/v1/rooms/1000/live", {{"Authorization", "Bearer " + token}})->body)["layout"],
            "2x2");

  KeepScreenshot(*driver_, "board");
}

TEST_F(ConsoleFakeRoomTest, PointsAreDraggedOntoTiles) {
  LogIn("operator", kOperatorPassword);
  WaitForBoard();
  // HTML drag and drop, dispatched as the browser would for a mouse drag.
  const std::string drag = R"(
    const chip = document.querySelector(`.chip[data-participant='${arguments[0]}']`);
    const tile = document.querySelector(`[data-test=tile-canvas] .tile[data-tile='${arguments[1]}']`);
    if (!chip || !tile) return false;
    const dt = new DataTransfer();
    chip.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));
    tile.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
    tile.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    return true;)";
  const ParticipantId lost = room_->lost_branch(), chair = room_->chair(), branch = room_->connected_branch();
  EXPECT_TRUE(driver_->Execute("return !!document.querySelector(`[data-test=unplaced] .chip[data-participant='${arguments[0]}']`);",
                               {lost}) == true);
  ASSERT_EQ(driver_->Execute(drag, {lost, 4}), true);
  auto tile_of = [&](ParticipantId id) { return room_->inner().GetParticipant("1000", id)->tile; };
  ASSERT_TRUE(driver_->WaitFor("the point on tile 5",
                               "return document.querySelector(`.tile[data-tile='4'] .chip[data-participant='${arguments[0]}']`);",
                               std::chrono::seconds(5), {lost}));
  EXPECT_EQ(tile_of(lost), 4);
  EXPECT_EQ(tile_of(chair), 0);  // the rest of the plan kept
  // Onto an occupied tile: the two swap.
  ASSERT_EQ(driver_->Execute(drag, {chair, 1}), true);
  ASSERT_TRUE(driver_->WaitFor("the swap",
                               "return document.querySelector(`.tile[data-tile='0'] .chip[data-participant='${arguments[0]}']`);",
                               std::chrono::seconds(5), {branch}));
  EXPECT_EQ(tile_of(chair), 1);
  EXPECT_EQ(tile_of(branch), 0);
}

TEST_F(ConsoleFakeRoomTest, AViewerSeesTheBoardWithoutControls) {
  LogIn("viewer", kViewerPassword);
  WaitForBoard();
  EXPECT_EQ(driver_->Execute("return document.querySelectorAll('[data-action]').length;"), 0);
  EXPECT_EQ(driver_->Execute("return document.querySelector('[data-test=layout-select]').disabled;"), true);
  EXPECT_EQ(driver_->Execute("return [...document.querySelectorAll('#nav a')].map(a => a.dataset.page).join();"),
            "board,bookings,logbook,reports");
}

TEST_F(ConsoleFakeRoomTest, AnExpiredPasswordIsChangedAtLogin) {
  ASSERT_TRUE(plane_->accounts().CreateUser("nguyenvana", "Hop-tinh#2027", Role::kOperator));
  ASSERT_TRUE(plane_->accounts().ResetPassword("nguyenvana", "Tam-thoi#2027"));  // must change at next login
  LogIn("nguyenvana", "Tam-thoi#2027");
  ASSERT_TRUE(driver_->WaitFor("the change form", "return document.querySelector('[data-test=password-form]');"));
  // A password breaking the policy: the server's rule, in Vietnamese, next to the field.
  driver_->Type(driver_->Find("[data-test=new-password]"), "yeu");
  driver_->Type(driver_->Find("[data-test=repeat-password]"), "yeu");
  driver_->Click(driver_->Find("[data-test=password-submit]"));
  const json message = driver_->WaitForValue("the policy message",
                                        "return document.querySelector('.field-error[data-error-for=new_password]').textContent;");
  EXPECT_NE(message.get<std::string>().find("8"), std::string::npos) << message;
  driver_->Execute("document.querySelector('[data-test=new-password]').value = '';"
                   "document.querySelector('[data-test=repeat-password]').value = '';");
  driver_->Type(driver_->Find("[data-test=new-password]"), "Moi-hon#2027");
  driver_->Type(driver_->Find("[data-test=repeat-password]"), "Moi-hon#2027");
  driver_->Click(driver_->Find("[data-test=password-submit]"));
  WaitForBoard();
  EXPECT_TRUE(plane_->accounts().Login("nguyenvana", "Moi-hon#2027", "127.0.0.1"));
}

TEST_F(ConsoleFakeRoomTest, ABookingConflictIsNamedOnTheFormInTheChosenLanguage) {
  const std::string token = Token("operator", kOperatorPassword);
  auto post = [&](const std::string& path, const json& body) {
    auto r = api_->Post(path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    return r ? json::parse(r->body) : json();
  };
  const int64_t a = post("/api/v1/points", {{"name", "UBND huyện Nông Cống"}, {"sip_uri", "sip:nongcong@10.1.0.2"}})["id"];
  const int64_t b = post("/api/v1/points", {{"name", "UBND huyện Như Thanh"}, {"sip_uri", "sip:nhuthanh@10.1.0.3"}})["id"];
  post("/api/v1/rooms", {{"number", "2000"}, {"name", "Phòng họp 2"}, {"chair_point", a}});
  post("/api/v1/rooms", {{"number", "3000"}, {"name", "Phòng họp 3"}, {"chair_point", b}});
  // Tomorrow 08:00–10:00 in the browser's (and this machine's) clock.
  LogIn("operator", kOperatorPassword);
  WaitForBoard();
  const json slot = driver_->Execute(R"(
    const d = new Date(Date.now() + 86400000);
    const p = (n) => String(n).padStart(2, '0');
    const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    const off = -d.getTimezoneOffset();
    const tz = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
    return {local_start: `${day}T08:00`, local_end: `${day}T10:00`, start: `${day}T08:00:00${tz}`, end: `${day}T10:00:00${tz}`};)");
  post("/api/v1/bookings", {{"title", "Họp giao ban"}, {"host_org", "UBND tỉnh"}, {"room", "2000"},
                            {"start", slot["start"]}, {"end", slot["end"]}, {"points", {a}}});
  driver_->Navigate(base_ + "/#/bookings");
  ASSERT_TRUE(driver_->WaitFor("the booking form and the booked meeting",
                               "return document.querySelector('[data-test=booking-form]') &&"
                               "       document.querySelectorAll('[data-test=booking]').length === 1;"));
  auto fill_and_submit = [&] {
    driver_->Execute(R"(
      const f = document.querySelector('[data-test=booking-form]');
      f.elements.title.value = 'Họp phòng chống bão';
      f.elements.host_org.value = 'Ban chỉ huy PCTT';
      f.elements.start.value = arguments[0];
      f.elements.end.value = arguments[1];
      f.elements.room.value = '3000';  // another room, so the clash is the point's
      for (const box of f.querySelectorAll('input[name=point]')) box.checked = box.value === String(arguments[2]);
      f.querySelector('[data-test=form-error]').textContent = '';
      f.requestSubmit();)",
                     {slot["local_start"], slot["local_end"], a});
    return driver_->WaitForValue("the conflict on the form",
                            "return document.querySelector('[data-test=booking-form] [data-test=form-error]').textContent;");
  };
  const json vi = fill_and_submit();
  EXPECT_NE(vi.get<std::string>().find("Họp giao ban"), std::string::npos) << vi;
  EXPECT_NE(vi.get<std::string>().find("Điểm cầu \"UBND huyện Nông Cống\" đã có lịch"), std::string::npos) << vi;
  EXPECT_EQ(driver_->Execute("return document.querySelector('.field-error[data-error-for=points]').textContent;"), vi);
  // The same refusal in English once the console is switched.
  driver_->Click(driver_->Find("[data-test=lang-switch]"));
  ASSERT_TRUE(driver_->WaitFor("the English page", "return document.querySelector('#nav a').textContent === 'Rooms' &&"
                                                   "       document.querySelector('[data-test=booking-form]');"));
  const json en = fill_and_submit();
  EXPECT_NE(en.get<std::string>().find("already booked"), std::string::npos) << en;
}

// Every key the scripts ask for exists in both languages, and both tables have the same keys.
TEST_F(ConsoleFakeRoomTest, EveryTextIsInBothLanguages) {
  driver_->Navigate(base_ + "/");
  const json tables = driver_->ExecuteAsync(
      "const done = arguments[arguments.length - 1];"
      "import('/js/i18n.js').then(m => done({vi: Object.keys(m.tables.vi), en: Object.keys(m.tables.en)}));");
  ASSERT_TRUE(tables.is_object());
  const std::set<std::string> vi = tables["vi"], en = tables["en"];
  EXPECT_EQ(vi, en);
  // t('key') and the button helpers' label keys (every key has a dot).
  const std::regex call(R"(\b(?:t|button)\('([a-z][a-z_\-]*\.[a-z_.\-]+)')");
  size_t checked = 0;
  for (const auto& file : std::filesystem::recursive_directory_iterator(SOFTMCU_SOURCE_DIR "/console/js")) {
    if (file.path().extension() != ".js") continue;
    std::ifstream in(file.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it, ++checked) {
      EXPECT_TRUE(vi.contains((*it)[1])) << (*it)[1] << " in " << file.path();
    }
  }
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace softmcu::control::testing
