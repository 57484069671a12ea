#pragma once
// The console's static assets (console/ in the source tree, console/README.md): files under
// HttpOptions::static_dir, or — when no console directory is configured or found — one
// built-in placeholder page at "/".
// Paths are confined to the directory: no "..", no hidden segments, no backslashes, no
// symlink tricks beyond what the directory's owner put there; only regular files up to
// 16 MiB. Stateless apart from the directory; thread-safe.

#include <string>
#include <string_view>

#include "control/api/api_call.h"
#include "control/control_error.h"

namespace softmcu::control {

// The console directory used when the configuration names none: the source tree's console/
// when this build was configured from a tree that has one (SOFTMCU_CONSOLE_DIR, set by
// CMake), else the installed copy (SOFTMCU_INSTALLED_CONSOLE_DIR, share/softmcu/console),
// whichever holds an index.html now; "" when neither does (the placeholder page).
std::string DefaultConsoleDir();

ControlResult<ApiReply> ServeStatic(const std::string& static_dir, std::string_view path, Lang lang);
// Content type for a file name, by extension ("application/octet-stream" when unknown).
std::string ContentTypeFor(std::string_view file_name);

}  // namespace softmcu::control
