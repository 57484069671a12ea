#pragma once
// A small W3C WebDriver client for the console's browser tests: starts Debian's
// `chromedriver` (package chromium-driver, the same build as the `chromium` package, so
// the two never disagree on a protocol version) on a free loopback port, opens one
// headless Chromium session and speaks plain WebDriver JSON over HTTP to it.
// (Why not playwright-core: docs/operations.md "Browser tests".)
//
// Only what the tests need: navigate, find by CSS, click, type, read text and attributes,
// run scripts, wait for a condition, take a screenshot. Every wait is bounded. Errors are
// reported as GoogleTest failures with WebDriver's message; calls after a failure return
// empty values, so a test fails with a message rather than crashing.
//
// One instance per test, used from the test's thread. The destructor ends the session
// (Chromium exits) and stops chromedriver.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/browser/child_process.h"

namespace httplib {
class Client;
}

namespace softmcu::testing {

inline constexpr const char* kChromium = "/usr/bin/chromium";
inline constexpr const char* kChromeDriver = "/usr/bin/chromedriver";

class WebDriver {
 public:
  // Why a browser test must skip here ("" when both programs are installed).
  static std::string MissingPrograms();

  // `log_dir`: where chromedriver writes its log (kept as a test artifact).
  // `accept_insecure_certs`: for the daemon's self-signed certificate.
  static std::unique_ptr<WebDriver> Start(const std::string& log_dir, bool accept_insecure_certs);
  ~WebDriver();
  WebDriver(const WebDriver&) = delete;
  WebDriver& operator=(const WebDriver&) = delete;

  void Navigate(const std::string& url);
  // Element ids; "" / empty when not found.
  std::string Find(const std::string& css);
  std::vector<std::string> FindAll(const std::string& css);
  void Click(const std::string& element);
  void Type(const std::string& element, const std::string& text);
  std::string Text(const std::string& element);

  // Runs `script` (a function body: `return ...;`) with `args`; returns its value.
  nlohmann::json Execute(const std::string& script, const nlohmann::json& args = nlohmann::json::array());
  // An async script: the body calls arguments[arguments.length - 1](value) when done.
  nlohmann::json ExecuteAsync(const std::string& script, const nlohmann::json& args = nlohmann::json::array());

  // Polls `script` (a function body returning a value) every 100 ms until it returns
  // something truthy; that value, or null after `timeout` (the test then fails with `what`).
  nlohmann::json WaitForValue(const std::string& what, const std::string& script,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10),
                              const nlohmann::json& args = nlohmann::json::array());
  // The same, when only "did it happen" matters.
  bool WaitFor(const std::string& what, const std::string& script,
               std::chrono::milliseconds timeout = std::chrono::seconds(10),
               const nlohmann::json& args = nlohmann::json::array()) {
    return !WaitForValue(what, script, timeout, args).is_null();
  }

  // The page as PNG bytes.
  std::string Screenshot();
  // The page as PNG, written to `path`; returns false (and fails the test) on error.
  bool SaveScreenshot(const std::string& path);

 private:
  WebDriver() = default;
  nlohmann::json Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);

  ChildProcess chromedriver_;
  int port_ = 0;
  std::string session_;
  std::string user_data_dir_;
  std::unique_ptr<httplib::Client> client_;
};

// A free TCP port on 127.0.0.1 (bound and released: another process could take it in the
// meantime, which only makes the caller retry).
int FreeLoopbackPort();

}  // namespace softmcu::testing
