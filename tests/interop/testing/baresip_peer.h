#pragma once
// Debian's baresip (baresip-core, baresip-ffmpeg) as a headless SIP video terminal for
// interop tests, set up the way /work/shared/PEERS.md found works: only the `cons` UI
// (commands over UDP on loopback), ausine as microphone (a 440 Hz tone), fakevideo as
// camera and display, libx264/h264 via avcodec, Opus, SDES-SRTP, rtcp-mux, and
// net_interface 127.0.0.1 so its SDP carries loopback addresses.

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "tests/interop/testing/external_process.h"

namespace softmcu::interop {

struct BaresipOptions {
  std::string dir;                       // config directory (created by the caller)
  std::string mediaenc = "srtp-mand";    // srtp, srtp-mand
  std::string answermode = "auto";
  std::string dial;                      // dial this URI at start (-e /dial ...)
  std::string extra_config;              // more config lines
};

class BaresipPeer {
 public:
  static std::optional<std::string> Find() { return ExternalProcess::Find("baresip"); }

  bool Start(const BaresipOptions& options) { return StartOnPort(options, FreePort()); }

  // On a given SIP port (a terminal restarted at the address the MCU dials).
  bool StartOnPort(const BaresipOptions& options, uint16_t sip_port) {
    options_ = options;
    sip_port_ = sip_port;
    cons_port_ = FreePort();
    std::ofstream config(options.dir + "/config");
    config << "poll_method epoll\n"
           << "sip_listen 127.0.0.1:" << sip_port_ << "\n"
           << "module_path /usr/lib/baresip/modules\n"
           << "module cons.so\nmodule opus.so\nmodule avcodec.so\nmodule srtp.so\n"
           << "module fakevideo.so\nmodule ausine.so\nmodule aubridge.so\n"
           << "module_tmp account.so\nmodule_app menu.so\n"
           << "cons_listen 127.0.0.1:" << cons_port_ << "\n"
           << "audio_source ausine,440\naudio_player aubridge,softmcu\n"
           << "video_source fakevideo,nil\nvideo_display fakevideo,nil\n"
           << "video_size 320x240\nvideo_bitrate 300000\nvideo_fps 15\n"
           << "avcodec_h264enc libx264\navcodec_h264dec h264\n"
           << "rtcp_mux yes\nnet_interface 127.0.0.1\n"
           << "call_local_timeout 20\nrtp_stats yes\nmodule_app rtcpsummary.so\n"
           << options.extra_config << "\n";
    std::ofstream accounts(options.dir + "/accounts");
    accounts << "<sip:tri-ton@127.0.0.1:" << sip_port_ << ">;regint=0;answermode=" << options.answermode
             << ";mediaenc=" << options.mediaenc << "\n";
    config.close();
    accounts.close();
    std::vector<std::string> argv{*Find(), "-f", options.dir};
    if (!options.dial.empty()) argv.insert(argv.end(), {"-e", "/dial " + options.dial});
    return process_.Start(argv, options.dir + "/baresip.log");
  }

  // Sends a cons command and returns what baresip answered within `wait`.
  std::string Command(const std::string& command, std::chrono::milliseconds wait = std::chrono::milliseconds(500)) {
    asio::io_context context;
    asio::ip::udp::socket socket(context, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    socket.non_blocking(true);
    const std::string line = command + "\n";
    socket.send_to(asio::buffer(line), asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), cons_port_));
    std::string out;
    std::array<char, 65536> buffer{};
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      std::error_code ec;
      asio::ip::udp::endpoint from;
      const size_t n = socket.receive_from(asio::buffer(buffer), from, 0, ec);
      if (!ec) {
        out.append(buffer.data(), n);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    return out;
  }

  void Quit() {
    if (!process_.running()) return;
    Command("/quit", std::chrono::milliseconds(100));
    if (!process_.Wait(std::chrono::seconds(5))) process_.Stop();
  }

  uint16_t sip_port() const { return sip_port_; }
  std::string Uri(const std::string& transport = "") const {
    std::string uri = "sip:tri-ton@127.0.0.1:" + std::to_string(sip_port_);
    if (!transport.empty()) uri += ";transport=" + transport;
    return uri;
  }
  std::string Log() const { return process_.Log(); }
  ExternalProcess& process() { return process_; }

 private:
  BaresipOptions options_;
  uint16_t sip_port_ = 0;
  uint16_t cons_port_ = 0;
  ExternalProcess process_;
};

}  // namespace softmcu::interop
