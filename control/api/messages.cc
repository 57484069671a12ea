#include "control/api/messages.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

namespace softmcu::control {
namespace {

struct Message {
  const char* vi;
  const char* en;
};

// One line per code. Keep the codes in step with docs/api.md ("Error codes").
const std::map<std::string_view, Message>& Catalogue() {
  static const std::map<std::string_view, Message> kCatalogue = {
      // request shape
      {"request.malformed_json", {"Nội dung JSON không hợp lệ (lỗi tại byte {offset}).", "Malformed JSON (error at byte {offset})."}},
      {"request.too_deep", {"JSON lồng nhau quá sâu (tối đa {max} cấp).", "JSON nested too deeply (at most {max} levels)."}},
      {"request.not_object", {"Nội dung yêu cầu phải là một đối tượng JSON.", "The request body must be a JSON object."}},
      {"request.body_too_large", {"Nội dung yêu cầu quá lớn (tối đa {max} byte).", "Request body too large (at most {max} bytes)."}},
      {"request.bad_query", {"Tham số \"{field}\" không hợp lệ.", "Query parameter \"{field}\" is invalid."}},
      {"request.bad_id", {"Mã \"{field}\" phải là số nguyên dương.", "\"{field}\" must be a positive integer id."}},
      {"route.not_found", {"Không có tài nguyên này.", "No such resource."}},
      {"route.method_not_allowed", {"Phương thức này không được hỗ trợ cho tài nguyên.", "This method is not supported on this resource."}},
      // fields
      {"field.required", {"Thiếu trường \"{field}\".", "Field \"{field}\" is required."}},
      {"field.type", {"Trường \"{field}\" phải là {type}.", "Field \"{field}\" must be a {type}."}},
      {"field.unknown", {"Trường \"{field}\" không được hỗ trợ.", "Unknown field \"{field}\"."}},
      {"field.too_long", {"Trường \"{field}\" dài quá {max} ký tự.", "Field \"{field}\" is longer than {max} characters."}},
      {"field.too_many", {"Trường \"{field}\" có quá {max} phần tử.", "Field \"{field}\" has more than {max} items."}},
      {"field.empty", {"Trường \"{field}\" không được để trống.", "Field \"{field}\" must not be empty."}},
      {"field.text", {"Trường \"{field}\" chứa ký tự không hợp lệ.", "Field \"{field}\" contains invalid characters."}},
      {"field.range", {"Trường \"{field}\" phải nằm trong khoảng {min}–{max}.", "Field \"{field}\" must be between {min} and {max}."}},
      // authentication and permissions
      {"auth.required", {"Cần đăng nhập.", "Login required."}},
      {"auth.invalid_token", {"Phiên đăng nhập không hợp lệ; hãy đăng nhập lại.", "Invalid session; please log in again."}},
      {"auth.session_expired", {"Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.", "Your session has expired; please log in again."}},
      {"auth.bad_credentials", {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."}},
      {"auth.rate_limited", {"Đăng nhập sai quá nhiều lần; hãy thử lại sau {retry_after} giây.", "Too many failed logins; try again in {retry_after} seconds."}},
      {"auth.password_expired", {"Mật khẩu đã hết hạn (180 ngày); hãy đổi mật khẩu (POST /api/v1/password).", "Your password has expired; change it (POST /api/v1/password)."}},
      {"auth.password_change_required", {"Cần đổi mật khẩu trước khi sử dụng (POST /api/v1/password).", "You must change your password first (POST /api/v1/password)."}},
      {"auth.csrf", {"Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token).", "Missing or wrong anti-forgery token (X-CSRF-Token)."}},
      {"auth.forbidden", {"Tài khoản của bạn không có quyền thực hiện thao tác này ({permission}).", "Your account may not do this ({permission})."}},
      {"metrics.forbidden", {"Cần mã truy cập số liệu hợp lệ.", "A valid metrics token is required."}},
      // password policy
      {"password.too_short", {"Mật khẩu phải có ít nhất {min} ký tự.", "The password must have at least {min} characters."}},
      {"password.too_long", {"Mật khẩu dài quá {max} ký tự.", "The password is longer than {max} characters."}},
      {"password.no_digit", {"Mật khẩu phải có ít nhất một chữ số.", "The password must contain a digit."}},
      {"password.no_lower", {"Mật khẩu phải có ít nhất một chữ thường.", "The password must contain a lower-case letter."}},
      {"password.no_upper", {"Mật khẩu phải có ít nhất một chữ hoa.", "The password must contain an upper-case letter."}},
      {"password.no_special", {"Mật khẩu phải có ít nhất một ký tự đặc biệt.", "The password must contain a special character."}},
      {"password.contains_user", {"Mật khẩu không được chứa tên đăng nhập.", "The password must not contain the user name."}},
      {"password.reused", {"Không được dùng lại {history} mật khẩu gần nhất.", "The password must differ from the last {history} passwords."}},
      // accounts
      {"user.name_invalid", {"Tên đăng nhập chỉ gồm 2–64 chữ cái không dấu, chữ số, '.', '_' hoặc '-'.", "User names are 2–64 ASCII letters, digits, '.', '_' or '-'."}},
      {"user.exists", {"Tài khoản \"{user}\" đã tồn tại.", "Account \"{user}\" already exists."}},
      {"user.not_found", {"Không có tài khoản \"{user}\".", "No account \"{user}\"."}},
      {"user.last_admin", {"Không thể bỏ quyền quản trị viên cuối cùng \"{user}\".", "\"{user}\" is the last active admin and must stay one."}},
      {"user.self", {"Không thể khóa hoặc xóa chính tài khoản đang dùng.", "You cannot disable or delete your own account."}},
      {"user.role_invalid", {"Vai trò phải là admin, operator hoặc viewer.", "The role must be admin, operator or viewer."}},
      // points
      {"point.not_found", {"Không có điểm cầu số {id}.", "No bridge point {id}."}},
      {"point.name_taken", {"Tên này đã được điểm cầu số {other} sử dụng.", "Bridge point {other} already has this name."}},
      {"point.uri_taken", {"Địa chỉ SIP này đã thuộc điểm cầu số {other} ({other_name}).", "Bridge point {other} ({other_name}) already has this SIP URI."}},
      {"point.in_use_room", {"Điểm cầu đang thuộc phòng họp {room}; hãy gỡ khỏi phòng trước.", "The point is a member of room {room}; remove it from the room first."}},
      {"point.in_use_booking", {"Điểm cầu có trong lịch họp số {booking} (\"{title}\") chưa diễn ra.", "The point is booked for meeting {booking} (\"{title}\") still to come."}},
      {"point.sip_uri_invalid", {"\"{value}\" không phải địa chỉ SIP hợp lệ (ví dụ sip:trieuson@10.1.2.3).", "\"{value}\" is not a valid SIP URI (e.g. sip:trieuson@10.1.2.3)."}},
      {"point.cidr_invalid", {"\"{value}\" không phải địa chỉ IP hoặc dải CIDR hợp lệ ({reason}).", "\"{value}\" is not a valid IP address or CIDR ({reason})."}},
      {"point.cidr_host_bits", {"\"{value}\" có bit máy chủ sau tiền tố; có phải ý bạn là {suggestion}?", "\"{value}\" has host bits set; did you mean {suggestion}?"}},
      {"point.bandwidth_range", {"Băng thông phải từ {min} đến {max} Mbps.", "Bandwidth must be between {min} and {max} Mbps."}},
      {"point.bandwidth_unusual", {"Băng thông {value} Mbps nằm ngoài mức thông thường 2–4 Mbps.", "Bandwidth {value} Mbps is outside the usual 2–4 Mbps."}},
      {"point.tier_invalid", {"Cấp phải là province (tỉnh), district (huyện) hoặc commune (xã).", "The tier must be province, district or commune."}},
      {"point.phone_invalid", {"Số điện thoại \"{field}\" không hợp lệ.", "Phone number \"{field}\" is invalid."}},
      // rooms
      {"room.not_found", {"Không có phòng họp {room}.", "No room {room}."}},
      {"room.exists", {"Phòng họp {room} đã tồn tại.", "Room {room} already exists."}},
      {"room.number_invalid", {"Số phòng chỉ gồm chữ số (tối đa {max}).", "Room numbers are digits only (at most {max})."}},
      {"room.number_mismatch", {"Số phòng trong nội dung khác với địa chỉ.", "The room number in the body differs from the URL."}},
      {"room.mode_invalid", {"Chế độ phải là chair-controlled hoặc open.", "The mode must be chair-controlled or open."}},
      {"room.pin_invalid", {"Mã PIN gồm 4–12 chữ số.", "The PIN must be 4–12 digits."}},
      {"room.layout_invalid", {"Bố cục khung hình không hợp lệ: {reason}.", "Invalid layout: {reason}."}},
      {"room.tile_invalid", {"Ô \"{field}\" phải từ 0 đến {max}.", "Tile \"{field}\" must be between 0 and {max}."}},
      {"room.tile_taken", {"Ô số {tile} đã được gán cho điểm cầu khác.", "Tile {tile} is already assigned to another point."}},
      {"room.member_duplicate", {"Điểm cầu {point} được liệt kê hai lần.", "Point {point} is listed twice."}},
      {"room.unknown_point", {"Không có điểm cầu số {point} (trường \"{field}\").", "No bridge point {point} (field \"{field}\")."}},
      {"room.in_use_booking", {"Phòng họp có lịch số {booking} (\"{title}\") chưa diễn ra.", "The room is booked for meeting {booking} (\"{title}\") still to come."}},
      // bookings
      {"booking.not_found", {"Không có lịch họp số {id}.", "No booking {id}."}},
      {"booking.time_invalid", {"Thời gian \"{field}\" phải theo dạng 2026-12-01T08:00:00+07:00.", "Time \"{field}\" must look like 2026-12-01T08:00:00+07:00."}},
      {"booking.end_before_start", {"Giờ kết thúc phải sau giờ bắt đầu.", "The end must be after the start."}},
      {"booking.too_long", {"Cuộc họp dài quá {max_hours} giờ.", "A meeting may last at most {max_hours} hours."}},
      {"booking.test_after_start", {"Giờ chạy thử phải trước giờ bắt đầu.", "The test run must be before the start."}},
      {"booking.test_too_early", {"Giờ chạy thử sớm quá {max_days} ngày trước cuộc họp.", "The test run is more than {max_days} days before the meeting."}},
      {"booking.no_points", {"Cần ít nhất một điểm cầu.", "At least one bridge point is required."}},
      {"booking.point_duplicate", {"Điểm cầu \"{field}\" được liệt kê hai lần.", "Point \"{field}\" is listed twice."}},
      {"booking.unknown_room", {"Không có phòng họp {room}.", "No room {room}."}},
      {"booking.unknown_point", {"Không có điểm cầu số {point}.", "No bridge point {point}."}},
      {"booking.in_past", {"Cuộc họp đã kết thúc trong quá khứ.", "The meeting would end in the past."}},
      {"booking.short_notice", {"Cần đăng ký trước ít nhất {hours} giờ (trừ họp khẩn cấp).", "Bookings need at least {hours} hours of notice (except emergencies)."}},
      {"booking.bandwidth_exceeded", {"Tổng băng thông các điểm cầu {needed_mbps} Mbps vượt ngân sách MCU {budget_mbps} Mbps.", "The points need {needed_mbps} Mbps, more than the MCU budget of {budget_mbps} Mbps."}},
      {"booking.bandwidth_exceeded_overlap", {"Cuộc họp cần {needed_mbps} Mbps, cùng {others_mbps} Mbps của các cuộc họp trùng giờ vượt ngân sách MCU {budget_mbps} Mbps.", "The meeting needs {needed_mbps} Mbps; with {others_mbps} Mbps of overlapping meetings it exceeds the MCU budget of {budget_mbps} Mbps."}},
      {"booking.room_conflict", {"Phòng họp {room} đã có lịch số {booking} (\"{title}\", {start} – {end}).", "Room {room} is already booked for meeting {booking} (\"{title}\", {start} – {end})."}},
      {"booking.point_conflict", {"Điểm cầu \"{point}\" đã có lịch họp số {booking} (\"{title}\", {start} – {end}).", "Point \"{point}\" is already booked for meeting {booking} (\"{title}\", {start} – {end})."}},
      {"booking.cancelled", {"Lịch họp đã bị hủy.", "The booking is cancelled."}},
      // logbook
      {"logbook.meeting_not_found", {"Không có cuộc họp số {id} trong sổ nhật ký.", "No meeting {id} in the logbook."}},
      {"logbook.session_not_found", {"Không có phiên kết nối số {id}.", "No point session {id}."}},
      {"logbook.cause_invalid", {"Nguyên nhân phải là sip, rtp_timeout, high_loss, reported hoặc other.", "The cause must be sip, rtp_timeout, high_loss, reported or other."}},
      // live control
      {"live.unknown_room", {"Phòng họp {room} không hoạt động trên MCU.", "Room {room} is not running on the MCU."}},
      {"live.unknown_participant", {"Không có người tham dự số {participant} trong phòng.", "No participant {participant} in the room."}},
      {"live.not_allowed", {"Không thực hiện được lúc này: {detail}.", "Not possible now: {detail}."}},
      {"live.invalid", {"Yêu cầu không hợp lệ: {detail}.", "Invalid request: {detail}."}},
      {"live.unavailable", {"Bộ điều khiển hội nghị chưa sẵn sàng; hãy thử lại.", "The conference engine is not available; try again."}},
      {"events.too_many", {"Quá nhiều kết nối theo dõi sự kiện; hãy đóng bớt.", "Too many event streams open; close some."}},
      // store, server
      {"store.error", {"Lỗi cơ sở dữ liệu; thao tác không được lưu. Xem nhật ký hệ thống.", "Database error; nothing was saved. See the server log."}},
      {"store.constraint", {"Dữ liệu xung đột với dữ liệu đã lưu; không có gì được lưu.", "The data conflicts with stored data; nothing was saved."}},
      {"store.busy", {"Cơ sở dữ liệu đang bận; hãy thử lại.", "The database is busy; try again."}},
      {"internal.error", {"Lỗi hệ thống; xem nhật ký máy chủ.", "Internal error; see the server log."}},
      {"config.retention_too_short", {"Thời gian lưu hồ sơ tối thiểu {min} ngày.", "Records must be kept at least {min} days."}},
  };
  return kCatalogue;
}

std::string Substitute(std::string_view text, const ControlError& error) {
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        out += name == "field" ? error.field : error.Arg(name);
        i = close;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// Accept-Language (RFC 9110 §12.5.4): "vi-VN,vi;q=0.9,en;q=0.5". Highest q wins; ties in order.
std::optional<Lang> FromAcceptLanguage(std::string_view header) {
  std::optional<Lang> best;
  double best_q = 0;
  size_t pos = 0;
  while (pos < header.size() && pos < 1024) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    pos = comma + 1;
    double q = 1.0;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (size_t qpos = params.find("q="); qpos != std::string_view::npos) {
        std::string value(params.substr(qpos + 2, 5));
        q = std::strtod(value.c_str(), nullptr);
      }
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string tag(item.substr(0, 2));
    std::transform(tag.begin(), tag.end(), tag.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    std::optional<Lang> lang;
    if (tag == "vi") lang = Lang::kVi;
    if (tag == "en") lang = Lang::kEn;
    if (lang && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

std::optional<Lang> FromTag(std::string_view tag) {
  if (tag == "vi") return Lang::kVi;
  if (tag == "en") return Lang::kEn;
  return std::nullopt;
}

}  // namespace

const char* ToString(Lang lang) { return lang == Lang::kEn ? "en" : "vi"; }

Lang PickLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language) {
  if (auto lang = FromTag(query_lang)) return *lang;
  if (auto lang = FromTag(cookie_lang)) return *lang;
  if (auto lang = FromAcceptLanguage(accept_language)) return *lang;
  return Lang::kVi;
}

bool HasMessage(std::string_view code) { return Catalogue().contains(code); }

std::string RenderMessage(const ControlError& error, Lang lang) {
  const auto& catalogue = Catalogue();
  if (auto it = catalogue.find(error.code); it != catalogue.end()) {
    return Substitute(lang == Lang::kEn ? it->second.en : it->second.vi, error);
  }
  // A code without a sentence yet: say something true for its class.
  const int status = HttpStatus(error.kind);
  if (status >= 500) return RenderMessage(ControlError{error.kind, "internal.error", "", {}}, lang);
  if (lang == Lang::kEn) return "Request refused (" + error.code + ").";
  return "Yêu cầu bị từ chối (" + error.code + ").";
}

}  // namespace softmcu::control
