#pragma once
// The console's static assets: files under HttpOptions::static_dir, or — while the console
// UI is not built yet (it is a later piece) — one built-in placeholder page at "/".
// Paths are confined to the directory: no "..", no hidden segments, no backslashes, no
// symlink tricks beyond what the directory's owner put there; only regular files up to
// 16 MiB. Stateless apart from the directory; thread-safe.

#include <string>
#include <string_view>

#include "control/api/api_call.h"
#include "control/control_error.h"

namespace softmcu::control {

ControlResult<ApiReply> ServeStatic(const std::string& static_dir, std::string_view path, Lang lang);
// Content type for a file name, by extension ("application/octet-stream" when unknown).
std::string ContentTypeFor(std::string_view file_name);

}  // namespace softmcu::control
