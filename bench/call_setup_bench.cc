// Call set-up part of the signaling suite: how many calls per second (INVITE → 100 → 200
// → ACK → BYE → 200) a SipStack on one signalling thread completes with SIPp as the load,
// on loopback UDP, and what each call costs the process in CPU. SIPp runs with a high
// call rate and at most kConcurrent calls open, so it offers load as fast as calls
// complete; the achieved rate is completed calls over wall time.
//
// The stack runs with its per-source rate limit lifted (SIPp is one source) and session
// timers off; the conference stand-in answers every INVITE at once with a fixed SDP. SIPp
// shares the machine's cores, so the figure is a floor for a dedicated server.
//
// Skipped, with a line in the report, when sipp is not installed.

#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include "bench/suites.h"
#include "core/event_loop.h"
#include "signaling/sdp/sdp_parser.h"
#include "signaling/sip_stack.h"

extern char** environ;

namespace softmcu::bench {
namespace {

constexpr int kConcurrent = 100;

// INVITE → 200 → ACK → BYE → 200, no pause: a call set up and torn down as fast as possible.
constexpr const char* kScenario = R"(<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="softmcu-bench call setup">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:bench@[local_ip]:[local_port]>;tag=[pid]B[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:bench@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=- 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 96
a=rtpmap:96 opus/48000/2
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:bench@[local_ip]:[local_port]>;tag=[pid]B[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

]]></send>
  <send retrans="500"><![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: <sip:bench@[local_ip]:[local_port]>;tag=[pid]B[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" crlf="true"/>
</scenario>
)";

const char* kAnswer =
    "v=0\r\no=- 7 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n";

// Answers every call at once, on the signalling thread.
class AutoAnswer : public sip::SipCallListener, public sip::SipMidCallListener {
 public:
  explicit AutoAnswer(sip::SipStack** stack) : stack_(stack), answer_(*sdp::SdpParser::Parse(kAnswer)) {}
  void OnSipIncomingCall(const sip::IncomingCall& call) override {
    (*stack_)->user_agent().Accept(call.handle, answer_);
  }
  void OnSipCallAnswered(sip::CallHandle, const sdp::SessionDescription&) override {}
  void OnSipCallTerminated(sip::CallHandle, const sip::CallEnd& end) override {
    if (end.reason == sip::TerminationReason::kRemoteBye) ++completed;
  }
  void OnSipCallReInvite(sip::CallHandle, const std::optional<sdp::SessionDescription>&) override {}
  void OnSipCallReInviteResult(sip::CallHandle, const sip::ReInviteResult&) override {}
  void OnSipCallKeyframeRequest(sip::CallHandle) override {}
  void OnSipCallDtmf(sip::CallHandle, const sip::DtmfKey&) override {}
  std::atomic<int> completed{0};

 private:
  sip::SipStack** const stack_;
  const sdp::SessionDescription answer_;
};

std::string FindSipp() {
  std::stringstream dirs(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (::access((dir + "/sipp").c_str(), X_OK) == 0) return dir + "/sipp";
  }
  return "";
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs sipp to completion (bounded); its exit code, or -1.
int RunSipp(const std::vector<std::string>& argv, int timeout_seconds) {
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    usleep(10000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace

void RunCallSetupBench(const SuiteOptions& options, BenchReport& report) {
  const std::string sipp = FindSipp();
  if (sipp.empty()) {
    std::fprintf(stderr, "softmcu-bench signaling: sipp not installed (Debian sip-tester), call set-up skipped\n");
    return;
  }
  const int calls = std::max(200, static_cast<int>(4000 * options.scale));
  char scenario_path[] = "/tmp/softmcu-bench-sipp-XXXXXX";
  const int fd = ::mkstemp(scenario_path);
  if (fd < 0) return;
  const std::string scenario = kScenario;
  if (::write(fd, scenario.data(), scenario.size()) != static_cast<ssize_t>(scenario.size())) return;
  ::close(fd);

  spdlog::set_level(spdlog::level::warn);  // one info line per call would measure the logger
  EventLoopThread thread("sip-bench");
  sip::SipStack* stack_ptr = nullptr;
  AutoAnswer listener(&stack_ptr);
  sip::SipStackConfig config;
  config.listen = {{sip::TransportKind::kUdp, asio::ip::make_address("127.0.0.1"), 0}};
  config.user_agent.rate_limit.requests_per_second = 1e9;
  config.user_agent.rate_limit.burst = 1 << 30;
  config.user_agent.session_timer.enabled = false;
  config.user_agent.max_calls = 100000;
  auto stack = std::make_unique<sip::SipStack>(&thread.loop(), config, &listener, &listener, nullptr);
  stack_ptr = stack.get();
  std::promise<uint16_t> bound;
  thread.loop().Post([&] {
    auto result = stack->Start();
    bound.set_value(result ? result->front().port : 0);
  });
  const uint16_t port = bound.get_future().get();

  const double cpu_start = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  const int code = RunSipp({sipp, "127.0.0.1:" + std::to_string(port), "-sf", scenario_path, "-s", "1000", "-i",
                            "127.0.0.1", "-m", std::to_string(calls), "-r", "5000", "-l", std::to_string(kConcurrent),
                            "-nostdin", "-timeout", "120s"},
                           150);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = ProcessCpuSeconds() - cpu_start;
  const int completed = listener.completed.load();
  ::unlink(scenario_path);
  if (code != 0) std::fprintf(stderr, "softmcu-bench signaling: sipp exited %d (%d of %d calls completed)\n", code,
                              completed, calls);
  report.Add("calls set up and torn down per second (SIPp load, UDP, " + std::to_string(kConcurrent) + " open)",
             completed / seconds, "calls/s");
  report.Add("stack CPU per call (INVITE→200→ACK→BYE→200)", completed ? cpu / completed * 1e6 : 0, "us/call");
  report.Add("calls completed", completed, "calls");
  std::promise<void> stopped;
  thread.loop().Post([&] {
    stack.reset();
    stopped.set_value();
  });
  stopped.get_future().wait();
}

}  // namespace softmcu::bench
