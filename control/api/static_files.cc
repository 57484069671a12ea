#include "control/api/static_files.h"

#include <sys/stat.h>

#include <fstream>
#include <iterator>

namespace softmcu::control {
namespace {

constexpr off_t kMaxStaticBytes = 16 * 1024 * 1024;

constexpr const char* kPlaceholderVi = R"(<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>softmcu</title></head>
<body><h1>softmcu — điều khiển hội nghị truyền hình</h1>
<p>Giao diện điều hành sẽ có trong phiên bản sau. API JSON đã sẵn sàng tại <code>/api/v1</code>
(xem <code>docs/api.md</code>); đăng nhập bằng <code>POST /api/v1/login</code>.</p>
<p><a href="/?lang=en">English</a></p></body></html>
)";

constexpr const char* kPlaceholderEn = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>softmcu</title></head>
<body><h1>softmcu — video conference control</h1>
<p>The operator console comes in a later release. The JSON API is ready at <code>/api/v1</code>
(see <code>docs/api.md</code>); log in with <code>POST /api/v1/login</code>.</p>
<p><a href="/?lang=vi">Tiếng Việt</a></p></body></html>
)";

bool SafeRelativePath(std::string_view path) {
  if (path.empty() || path.size() > 512) return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    const std::string_view segment = path.substr(pos, next - pos);
    if (segment.empty() || segment.front() == '.') return false;  // "..", ".git", "//"
    pos = next + 1;
  }
  return true;
}

ControlError NotFound() { return ControlError{ErrorKind::kNotFound, "route.not_found", "", {}}; }

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  const size_t dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string DefaultConsoleDir() {
  for (const char* dir : {
#ifdef SOFTMCU_CONSOLE_DIR
           SOFTMCU_CONSOLE_DIR,
#endif
#ifdef SOFTMCU_INSTALLED_CONSOLE_DIR
           SOFTMCU_INSTALLED_CONSOLE_DIR,
#endif
           "",
       }) {
    struct stat info {};
    if (*dir != '\0' && ::stat((std::string(dir) + "/index.html").c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      return dir;
    }
  }
  return {};
}

ControlResult<ApiReply> ServeStatic(const std::string& static_dir, std::string_view path, Lang lang) {
  if (static_dir.empty()) {
    if (path != "/" && path != "/index.html") return Fail(NotFound());
    return ApiReply::Text(lang == Lang::kEn ? kPlaceholderEn : kPlaceholderVi, "text/html; charset=utf-8");
  }
  std::string relative = path == "/" ? "index.html" : std::string(path.substr(1));
  if (!SafeRelativePath(relative)) return Fail(NotFound());
  const std::string file = static_dir + "/" + relative;
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size > kMaxStaticBytes) {
    return Fail(NotFound());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(NotFound());
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ApiReply::Text(std::move(body), ContentTypeFor(relative));
}

}  // namespace softmcu::control
