#include "tests/browser/console_steps.h"

#include <iostream>

#include <gtest/gtest.h>

namespace softmcu::testing {
namespace {

constexpr const char* kPreviewFingerprint = R"(
  const img = document.querySelector('[data-test=preview]');
  if (!img || !img.complete || !img.naturalWidth) return null;
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  for (let i = 0; i < d.length; i += 12) h = (Math.imul(h, 31) + d[i]) >>> 0;
  const f = {hash: h, frames: Number(img.dataset.frames || 0), width: c.width};
  if (f.frames <= arguments[0]) return null;
  if (arguments[1] !== null && f.hash === arguments[1]) return null;
  return f;
)";

}  // namespace

std::string ArtifactDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(SOFTMCU_BROWSER_ARTIFACTS) + "/" + info->test_suite_name() + "." + info->name();
}

bool IsJpeg(const std::string& bytes) {
  return bytes.size() > 4 && static_cast<uint8_t>(bytes[0]) == 0xFF && static_cast<uint8_t>(bytes[1]) == 0xD8 &&
         static_cast<uint8_t>(bytes[bytes.size() - 2]) == 0xFF && static_cast<uint8_t>(bytes.back()) == 0xD9;
}

void LogInThroughTheForm(WebDriver& driver, const std::string& base, const std::string& user,
                         const std::string& password) {
  driver.Navigate(base + "/");
  if (!driver.WaitFor("the login form", "return document.querySelector('[data-test=login-form]');")) return;
  driver.Type(driver.Find("[data-test=login-user]"), user);
  driver.Type(driver.Find("[data-test=login-password]"), password);
  driver.Click(driver.Find("[data-test=login-submit]"));
}

nlohmann::json Card(WebDriver& driver, uint32_t id) {
  return driver.Execute(
      "const c = document.querySelector(`[data-test=point][data-id='${arguments[0]}']`);"
      "return c ? {state: c.dataset.state, floor: c.dataset.floor,"
      "            badge: c.querySelector('[data-test=point-state]').textContent} : null;",
      {id});
}

nlohmann::json WaitForPreview(WebDriver& driver, int after_frames, std::optional<uint32_t> unlike_hash,
                              std::chrono::milliseconds timeout) {
  return driver.WaitForValue(unlike_hash ? "a different preview" : "a preview", kPreviewFingerprint, timeout,
                        {after_frames, unlike_hash ? nlohmann::json(*unlike_hash) : nlohmann::json(nullptr)});
}

bool GrantFromTheQueue(WebDriver& driver, uint32_t id, std::chrono::milliseconds timeout) {
  if (!driver.WaitFor("the request in the queue",
                      "return document.querySelector(`[data-test=queue-list] li[data-participant='${arguments[0]}']`);",
                      timeout, {id})) {
    return false;
  }
  driver.Click(driver.Find("[data-action=queue-grant][data-id='" + std::to_string(id) + "']"));
  return driver.WaitFor("the point to hold the floor",
                        "const c = document.querySelector(`[data-test=point][data-id='${arguments[0]}']`);"
                        "return c && c.dataset.floor === 'holding' && !document.querySelector('[data-test=queue-list]');",
                        timeout, {id});
}

bool PickLayout(WebDriver& driver, const std::string& layout, size_t tiles) {
  driver.Click(driver.Find("[data-test=layout-select] option[value='" + layout + "']"));
  return driver.WaitFor("the " + layout + " tile plan",
                        "return document.querySelectorAll('[data-test=tile-canvas] .tile').length === arguments[1] &&"
                        "       document.querySelector('[data-test=layout-select]').value === arguments[0];",
                        std::chrono::seconds(10), {layout, tiles});
}

void KeepScreenshot(WebDriver& driver, const std::string& name) {
  const std::string path = ArtifactDir() + "/" + name + ".png";
  if (!driver.SaveScreenshot(path)) return;
  std::cout << "[ artifact ] screenshot: " << path << std::endl;
  ::testing::Test::RecordProperty("screenshot_" + name, path);
}

}  // namespace softmcu::testing
