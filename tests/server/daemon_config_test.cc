#include "server/config/daemon_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace softmcu {
namespace {

class DaemonConfigTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("softmcu-config-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(DaemonConfigTest, NoFileGivesWorkingDefaults) {
  auto config = DaemonConfig::Load("");
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->sip_listen.size(), 3u);
  EXPECT_EQ(config->sip_listen[2].transport, SipListen::Transport::kTls);
  EXPECT_EQ(config->default_room_number, "1000");
  EXPECT_TRUE(config->Validate().has_value());
}

TEST_F(DaemonConfigTest, ReadsEverySection) {
  auto config = DaemonConfig::Load(Write(R"(
[daemon]
data_dir = "/var/lib/softmcu"
[sip]
listen = ["udp:10.0.0.5:5060", "tls:[::1]:5061"]
max_calls = 250
[media]
port_min = 30000
port_max = 30999
[default_room]
name = "UBND huyện Triệu Sơn"
mode = "open"
)"));
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->data_dir, "/var/lib/softmcu");
  ASSERT_EQ(config->sip_listen.size(), 2u);
  EXPECT_EQ(config->sip_listen[1].address, "::1");
  EXPECT_EQ(config->sip_listen[1].port, 5061);
  EXPECT_EQ(config->max_calls, 250);
  EXPECT_EQ(config->media_port_min, 30000);
  EXPECT_EQ(config->default_room_name, "UBND huyện Triệu Sơn");
}

TEST_F(DaemonConfigTest, UnknownKeyIsAnErrorNamingItAndTheLine) {
  auto config = DaemonConfig::Load(Write("[sip]\nlisten = [\"udp:127.0.0.1:5060\"]\nlisen = 1\n"));
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find(":3: unknown option sip.lisen"), std::string::npos) << config.error().message;
}

TEST_F(DaemonConfigTest, UnknownSectionWrongTypeAndRangeAreErrors) {
  auto section = DaemonConfig::Load(Write("[video]\nfps = 30\n"));
  ASSERT_FALSE(section.has_value());
  EXPECT_NE(section.error().message.find("unknown section [video]"), std::string::npos);
  auto type = DaemonConfig::Load(Write("[media]\nworkers = \"two\"\n"));
  ASSERT_FALSE(type.has_value());
  EXPECT_NE(type.error().message.find("media.workers must be an integer"), std::string::npos);
  auto range = DaemonConfig::Load(Write("[media]\nport_min = 30000\nport_max = 29000\n"));
  ASSERT_FALSE(range.has_value());
  EXPECT_NE(range.error().message.find("port_min"), std::string::npos);
  auto overflow = DaemonConfig::Load(Write("[media]\nport_min = 99999\n"));
  ASSERT_FALSE(overflow.has_value());
}

TEST_F(DaemonConfigTest, SyntaxErrorNamesTheLine) {
  auto config = DaemonConfig::Load(Write("[sip]\nlisten = [\"udp:1.2.3.4:5060\"\n"));
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find(path_.string() + ":"), std::string::npos);
}

TEST(SipListen, ParsesAndRejects) {
  EXPECT_TRUE(SipListen::Parse("tcp:0.0.0.0:5060"));
  EXPECT_FALSE(SipListen::Parse("sctp:0.0.0.0:5060"));
  EXPECT_FALSE(SipListen::Parse("udp:0.0.0.0"));
  EXPECT_TRUE(SipListen::Parse("udp:0.0.0.0:0"));  // port 0: the OS picks (tests, --ready-file)
  EXPECT_FALSE(SipListen::Parse("udp:0.0.0.0:x"));
  EXPECT_FALSE(SipListen::Parse("udp:0.0.0.0:65536"));
  EXPECT_FALSE(SipListen::Parse("udp"));
}

TEST_F(DaemonConfigTest, MissingFileIsAnError) {
  auto config = DaemonConfig::Load("/nonexistent/softmcu.toml");
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find("/nonexistent/softmcu.toml"), std::string::npos);
}

}  // namespace
}  // namespace softmcu

namespace softmcu {
namespace {

// The documented example must be what the daemon reads: every key known, every value the
// default.
TEST(DaemonConfigExampleTest, TheDocumentedExampleLoadsAndEqualsTheDefaults) {
  auto loaded = DaemonConfig::Load(std::string(SOFTMCU_SOURCE_DIR) + "/docs/softmcu.example.toml");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const DaemonConfig defaults = DaemonConfig::Defaults();
  EXPECT_EQ(loaded->data_dir, defaults.data_dir);
  ASSERT_EQ(loaded->sip_listen.size(), defaults.sip_listen.size());
  for (size_t i = 0; i < defaults.sip_listen.size(); ++i) EXPECT_EQ(loaded->sip_listen[i].text, defaults.sip_listen[i].text);
  EXPECT_EQ(loaded->sip_allow_sources, defaults.sip_allow_sources);
  EXPECT_EQ(loaded->http_listen, defaults.http_listen);
  EXPECT_EQ(loaded->http_tls, defaults.http_tls);
  EXPECT_EQ(loaded->max_calls, defaults.max_calls);
  EXPECT_EQ(loaded->rtp_timeout_seconds, defaults.rtp_timeout_seconds);
  EXPECT_EQ(loaded->redial_max_seconds, defaults.redial_max_seconds);
  EXPECT_EQ(loaded->retention_days, defaults.retention_days);
  EXPECT_EQ(loaded->default_room_name, defaults.default_room_name);
  EXPECT_EQ(loaded->default_room_srtp_required, defaults.default_room_srtp_required);
}

TEST(DaemonConfigExampleTest, AnAllowListEntryThatIsNotANetworkIsRefusedWithASuggestion) {
  DaemonConfig config = DaemonConfig::Defaults();
  config.sip_allow_sources = {"10.1.2.3/8"};
  auto valid = config.Validate();
  ASSERT_FALSE(valid.has_value());
  EXPECT_NE(valid.error().message.find("10.0.0.0/8"), std::string::npos) << valid.error().message;
}

}  // namespace
}  // namespace softmcu
