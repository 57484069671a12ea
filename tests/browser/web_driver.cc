#include "tests/browser/web_driver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

namespace softmcu::testing {
namespace {

// W3C WebDriver §12.2: an element reference is an object with this key.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

bool Executable(const char* path) { return ::access(path, X_OK) == 0; }

std::string DecodeBase64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return {};
  size_t size = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i) --size;
  out.resize(size);
  return out;
}

}  // namespace

int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

std::string WebDriver::MissingPrograms() {
  std::string missing;
  if (!Executable(kChromium)) missing += std::string(kChromium) + " (Debian package chromium) ";
  if (!Executable(kChromeDriver)) missing += std::string(kChromeDriver) + " (Debian package chromium-driver) ";
  if (missing.empty()) return {};
  return "not installed: " + missing + "- run tools/dev setup";
}

std::unique_ptr<WebDriver> WebDriver::Start(const std::string& log_dir, bool accept_insecure_certs) {
  std::unique_ptr<WebDriver> driver(new WebDriver());
  std::filesystem::create_directories(log_dir);
  driver->port_ = FreeLoopbackPort();
  const std::string port_arg = "--port=" + std::to_string(driver->port_);
  const std::string log_arg = "--log-path=" + log_dir + "/chromedriver.log";
  if (!driver->chromedriver_.Start({kChromeDriver, port_arg, log_arg, "--allowed-ips=127.0.0.1"},
                                   log_dir + "/chromedriver.out")) {
    ADD_FAILURE() << "cannot start chromedriver";
    return nullptr;
  }
  driver->client_ = std::make_unique<httplib::Client>("127.0.0.1", driver->port_);
  driver->client_->set_connection_timeout(2, 0);
  driver->client_->set_read_timeout(30, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  bool ready = false;
  while (!ready && std::chrono::steady_clock::now() < deadline) {
    if (auto r = driver->client_->Get("/status"); r && r->status == 200) {
      ready = nlohmann::json::parse(r->body, nullptr, false).value(nlohmann::json::json_pointer("/value/ready"), false);
    }
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!ready) {
    ADD_FAILURE() << "chromedriver did not start within 15 s (log: " << log_dir << "/chromedriver.log)";
    return nullptr;
  }
  char dir_template[] = "/tmp/softmcu-chromium-XXXXXX";
  driver->user_data_dir_ = ::mkdtemp(dir_template) ? dir_template : "";
  nlohmann::json args = {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--window-size=1440,1000",
                         "--lang=vi", "--user-data-dir=" + driver->user_data_dir_};
  nlohmann::json capabilities = {{"browserName", "chrome"},
                                 {"acceptInsecureCerts", accept_insecure_certs},
                                 {"goog:chromeOptions", {{"binary", kChromium}, {"args", args}}}};
  nlohmann::json session = driver->Call("POST", "/session", {{"capabilities", {{"alwaysMatch", capabilities}}}});
  driver->session_ = session.value("sessionId", "");
  if (driver->session_.empty()) {
    ADD_FAILURE() << "chromedriver opened no Chromium session: " << session.dump();
    return nullptr;
  }
  return driver;
}

WebDriver::~WebDriver() {
  if (!session_.empty()) {
    client_->Delete("/session/" + session_);
  }
  chromedriver_.Stop();
  if (!user_data_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(user_data_dir_, ec);
  }
}

nlohmann::json WebDriver::Call(const std::string& method, const std::string& path, const nlohmann::json& body) {
  const std::string full = session_.empty() || path == "/session" ? path : "/session/" + session_ + path;
  httplib::Result r = method == "GET"    ? client_->Get(full)
                       : method == "DELETE" ? client_->Delete(full)
                                            : client_->Post(full, body.is_null() ? "{}" : body.dump(), "application/json");
  if (!r) {
    ADD_FAILURE() << "WebDriver " << method << " " << path << ": " << httplib::to_string(r.error());
    return nullptr;
  }
  nlohmann::json reply = nlohmann::json::parse(r->body, nullptr, false);
  if (r->status != 200) {
    ADD_FAILURE() << "WebDriver " << method << " " << path << " → " << r->status << ": "
                  << reply.value(nlohmann::json::json_pointer("/value/message"), r->body.substr(0, 500));
    return nullptr;
  }
  return reply.is_object() && reply.contains("value") ? reply["value"] : nlohmann::json(nullptr);
}

void WebDriver::Navigate(const std::string& url) { Call("POST", "/url", {{"url", url}}); }

std::string WebDriver::Find(const std::string& css) {
  auto all = FindAll(css);
  return all.empty() ? std::string() : all.front();
}

std::vector<std::string> WebDriver::FindAll(const std::string& css) {
  std::vector<std::string> out;
  nlohmann::json found = Call("POST", "/elements", {{"using", "css selector"}, {"value", css}});
  if (!found.is_array()) return out;
  for (const auto& e : found) out.push_back(e.value(kElementKey, ""));
  return out;
}

void WebDriver::Click(const std::string& element) {
  if (element.empty()) {
    ADD_FAILURE() << "click on a missing element";
    return;
  }
  Call("POST", "/element/" + element + "/click", nlohmann::json::object());
}

void WebDriver::Type(const std::string& element, const std::string& text) {
  if (element.empty()) {
    ADD_FAILURE() << "typing into a missing element";
    return;
  }
  Call("POST", "/element/" + element + "/value", {{"text", text}});
}

std::string WebDriver::Text(const std::string& element) {
  if (element.empty()) return {};
  nlohmann::json text = Call("GET", "/element/" + element + "/text");
  return text.is_string() ? text.get<std::string>() : std::string();
}

nlohmann::json WebDriver::Execute(const std::string& script, const nlohmann::json& args) {
  return Call("POST", "/execute/sync", {{"script", script}, {"args", args}});
}

nlohmann::json WebDriver::ExecuteAsync(const std::string& script, const nlohmann::json& args) {
  return Call("POST", "/execute/async", {{"script", script}, {"args", args}});
}

nlohmann::json WebDriver::WaitForValue(const std::string& what, const std::string& script,
                                       std::chrono::milliseconds timeout, const nlohmann::json& args) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  nlohmann::json value;
  while (true) {
    value = Execute(script, args);
    const bool truthy = !value.is_null() && value != false && value != 0 && value != "" &&
                        !(value.is_array() && value.empty());
    if (truthy) return value;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "timed out after " << timeout.count() << " ms waiting for " << what << " (last value "
                << value.dump() << ")";
  return nullptr;
}

std::string WebDriver::Screenshot() {
  nlohmann::json data = Call("GET", "/screenshot");
  return data.is_string() ? DecodeBase64(data.get<std::string>()) : std::string();
}

bool WebDriver::SaveScreenshot(const std::string& path) {
  const std::string png = Screenshot();
  if (png.size() < 8 || png.compare(1, 3, "PNG") != 0) {
    ADD_FAILURE() << "no PNG screenshot";
    return false;
  }
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << png;
  return true;
}

}  // namespace softmcu::testing
