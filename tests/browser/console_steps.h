#pragma once
// Steps the console's browser tests share, whichever server they run against: log in
// through the form, read a point's card, fingerprint the preview as the browser decoded
// it, grant the floor from the queue, and where a test's artifacts go.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/browser/web_driver.h"

namespace softmcu::testing {

// SOFTMCU_BROWSER_ARTIFACTS/<suite>.<test>: screenshots and program logs of this test.
std::string ArtifactDir();

// JPEG start and end markers (FF D8 … FF D9).
bool IsJpeg(const std::string& bytes);

// Fills and submits the login form at `base`/ (does not wait for what comes next).
void LogInThroughTheForm(WebDriver& driver, const std::string& base, const std::string& user,
                         const std::string& password);

// {state, floor, badge} of participant `id`'s card on the board, null when absent.
nlohmann::json Card(WebDriver& driver, uint32_t id);

// The preview <img> drawn into a canvas: {hash, frames (loaded so far), width}; waits for
// the first one whose `frames` exceeds `after_frames` and (when `unlike_hash` is set)
// whose hash differs from it. Null (and a test failure) after `timeout`.
nlohmann::json WaitForPreview(WebDriver& driver, int after_frames, std::optional<uint32_t> unlike_hash,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Waits for `id` in the request-to-speak queue, clicks its grant button, and waits until
// its card says it holds the floor and the queue is empty. False (and failures) otherwise.
bool GrantFromTheQueue(WebDriver& driver, uint32_t id, std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Picks `layout` in the layout picker and waits until the tile plan shows `tiles` tiles.
bool PickLayout(WebDriver& driver, const std::string& layout, size_t tiles);

// Saves the page as <ArtifactDir()>/<name>.png and says where on stdout.
void KeepScreenshot(WebDriver& driver, const std::string& name);

}  // namespace softmcu::testing
