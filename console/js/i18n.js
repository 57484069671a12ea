// The console's words, Vietnamese first (the users' language) and English. The choice is
// kept in the softmcu_lang cookie, which the server also reads, so API error messages
// arrive in the same language (docs/api.md "Language"). Every key exists in both tables
// (tests/browser checks it); {name} placeholders are filled by t(key, {name: value}).

const vi = {
  'app.title': 'Điều hành hội nghị truyền hình',
  'nav.board': 'Phòng họp', 'nav.bookings': 'Lịch họp', 'nav.logbook': 'Nhật ký', 'nav.reports': 'Báo cáo',
  'nav.accounts': 'Tài khoản', 'nav.audit': 'Nhật ký an ninh', 'nav.password': 'Đổi mật khẩu', 'nav.logout': 'Đăng xuất',
  'lang.switch': 'English',
  'role.admin': 'quản trị', 'role.operator': 'điều hành', 'role.viewer': 'chỉ xem',
  'role.chair': 'Chủ tọa', 'role.branch': 'Điểm cầu nhánh',

  'login.title': 'Đăng nhập', 'login.user': 'Tài khoản', 'login.password': 'Mật khẩu', 'login.submit': 'Đăng nhập',
  'login.expired': 'Mật khẩu đã hết hạn hoặc phải đổi ở lần đăng nhập đầu. Hãy đặt mật khẩu mới.',
  'password.title': 'Đổi mật khẩu', 'password.current': 'Mật khẩu hiện tại', 'password.new': 'Mật khẩu mới',
  'password.repeat': 'Nhập lại mật khẩu mới', 'password.submit': 'Đổi mật khẩu',
  'password.mismatch': 'Hai lần nhập mật khẩu mới không giống nhau.',
  'password.rules': 'Ít nhất 8 ký tự, có chữ số, chữ thường, chữ hoa và ký tự đặc biệt; không chứa tên tài khoản; không trùng 5 mật khẩu gần nhất. Hết hạn sau 180 ngày.',
  'password.changed': 'Đã đổi mật khẩu. Mọi phiên đăng nhập cũ đã kết thúc.',

  'board.room': 'Phòng', 'board.no_rooms': 'Chưa có phòng họp nào đang chạy (máy chủ hội nghị chưa sẵn sàng?).',
  'board.phase.idle': 'Chưa họp', 'board.phase.test': 'Đang chạy thử', 'board.phase.live': 'Đang họp',
  'board.mode.chair-controlled': 'Chủ tọa điều khiển', 'board.mode.open': 'Họp mở',
  'board.locked': 'Đã khóa phòng', 'board.lock': 'Khóa phòng', 'board.unlock': 'Mở khóa',
  'board.start_test': 'Chạy thử', 'board.start_live': 'Bắt đầu họp', 'board.end_meeting': 'Kết thúc',
  'board.end_confirm': 'Kết thúc cuộc họp ở phòng {room}?',
  'board.dial_all': 'Gọi tất cả điểm cầu', 'board.dial_uri': 'Gọi địa chỉ SIP', 'board.dial': 'Gọi',
  'board.dialled': 'Đang gọi {count} điểm cầu.',
  'board.points': 'Điểm cầu ({count})', 'board.no_points': 'Chưa có điểm cầu nào trong phòng.',
  'board.queue': 'Xin phát biểu', 'board.queue_empty': 'Không có ai xin phát biểu.',
  'board.holders': 'Đang phát biểu', 'board.waiting': 'chờ {time}',
  'board.layout': 'Bố cục khung hình', 'board.tiles_hint': 'Kéo điểm cầu vào ô để xếp chỗ theo sơ đồ chỗ ngồi.',
  'board.unplaced': 'Chưa xếp chỗ', 'board.preview': 'Hình đang phát', 'board.preview_of': 'Hình điểm cầu {name} nhận',
  'board.preview_room': 'Hình chung của phòng', 'board.preview_none': 'Chưa có hình xem trước.',
  'board.stats': 'Chất lượng', 'board.live_lost': 'Mất kết nối tới luồng sự kiện, đang nối lại…',
  'state.dialing': 'Đang gọi', 'state.ringing': 'Đang đổ chuông', 'state.connected': 'Đã kết nối',
  'state.testing': 'Đang thử vòng', 'state.disconnected': 'Mất kết nối', 'state.failed': 'Gọi không được',
  'floor.requesting': 'Xin phát biểu', 'floor.holding': 'Đang phát biểu',
  'badge.muted': 'Tắt mic', 'badge.video_off': 'Không hình',
  'act.mute': 'Tắt tiếng', 'act.unmute': 'Bật tiếng', 'act.video_off': 'Tắt hình', 'act.video_on': 'Bật hình',
  'act.grant': 'Cho phát biểu', 'act.revoke': 'Thu hồi', 'act.request': 'Xin phát biểu hộ', 'act.cancel_request': 'Hủy yêu cầu',
  'act.disconnect': 'Ngắt', 'act.reconnect': 'Gọi lại', 'act.loopback': 'Thử vòng', 'act.preview': 'Xem hình',
  'act.disconnect_confirm': 'Ngắt kết nối điểm cầu {name}?',
  'stats.loss': 'Mất gói', 'stats.jitter': 'Jitter', 'stats.bitrate': 'Tốc độ', 'stats.rtt': 'RTT',
  'stats.tx': 'Gửi đi', 'stats.drops': 'Gói bị chặn', 'stats.freezes': 'Đứng hình', 'stats.level': 'Âm lượng',

  'bookings.title': 'Lịch họp', 'bookings.new': 'Đăng ký cuộc họp', 'bookings.none': 'Không có cuộc họp nào trong khoảng này.',
  'bookings.from': 'Từ ngày', 'bookings.to': 'Đến ngày', 'bookings.show': 'Xem', 'bookings.include_cancelled': 'Cả cuộc họp đã hủy',
  'bookings.field.title': 'Tên cuộc họp', 'bookings.field.host_org': 'Cơ quan chủ trì', 'bookings.field.room': 'Phòng',
  'bookings.field.start': 'Bắt đầu', 'bookings.field.end': 'Kết thúc', 'bookings.field.test_start': 'Chạy thử lúc',
  'bookings.field.points': 'Điểm cầu tham dự', 'bookings.field.emergency': 'Họp khẩn (thiên tai, bão lũ…)',
  'bookings.field.contact': 'Liên hệ', 'bookings.field.notes': 'Ghi chú', 'bookings.create': 'Đăng ký',
  'bookings.created': 'Đã đăng ký cuộc họp.', 'bookings.cancel': 'Hủy lịch', 'bookings.cancel_confirm': 'Hủy cuộc họp "{title}"?',
  'bookings.status.scheduled': 'Đã lên lịch',
  'bookings.status.cancelled': 'Đã hủy', 'bookings.emergency': 'Khẩn',
  'bookings.test_at': 'chạy thử {time}',

  'logbook.title': 'Nhật ký kỹ thuật', 'logbook.none': 'Không có cuộc họp nào được ghi trong khoảng này.',
  'logbook.kind.live': 'Họp chính thức', 'logbook.kind.test': 'Chạy thử', 'logbook.open': 'Xem',
  'logbook.sessions': 'Điểm cầu tham dự', 'logbook.incidents': 'Sự cố', 'logbook.quality': 'Chất lượng',
  'logbook.notes': 'Ghi chú của kỹ thuật viên', 'logbook.add_note': 'Thêm ghi chú', 'logbook.add_incident': 'Ghi sự cố',
  'logbook.note_text': 'Nội dung', 'logbook.cause': 'Nguyên nhân', 'logbook.detail': 'Mô tả', 'logbook.point': 'Điểm cầu',
  'logbook.saved': 'Đã ghi.', 'logbook.joined': 'Vào', 'logbook.left': 'Ra', 'logbook.leave_cause': 'Lý do',
  'cause.reported': 'Điểm cầu báo', 'cause.sip': 'Lỗi báo hiệu SIP', 'cause.rtp_timeout': 'Mất luồng hình/tiếng',
  'cause.high_loss': 'Mất gói cao',

  'reports.title': 'Báo cáo', 'reports.meetings': 'Số cuộc họp', 'reports.availability': 'Tình trạng kết nối của điểm cầu',
  'reports.total': 'Tổng số cuộc họp: {count}', 'reports.by_host': 'Theo cơ quan chủ trì', 'reports.by_month': 'Theo tháng',
  'reports.csv': 'Tải CSV', 'reports.kind_all': 'Tính cả chạy thử', 'reports.count': 'Số cuộc',
  'reports.expected': 'Được mời', 'reports.joined': 'Tham dự', 'reports.minutes': 'Phút kết nối', 'reports.availability_pct': 'Tỷ lệ',

  'accounts.title': 'Tài khoản', 'accounts.new': 'Tạo tài khoản', 'accounts.create': 'Tạo',
  'accounts.created': 'Đã tạo tài khoản {user}.', 'accounts.role': 'Vai trò', 'accounts.disabled': 'Đã khóa',
  'accounts.disable': 'Khóa', 'accounts.enable': 'Mở khóa', 'accounts.reset': 'Đặt lại mật khẩu',
  'accounts.reset_prompt': 'Mật khẩu tạm cho {user} (phải đổi ở lần đăng nhập sau):', 'accounts.delete': 'Xóa',
  'accounts.delete_confirm': 'Xóa tài khoản {user}?', 'accounts.last_login': 'Đăng nhập lần cuối',
  'accounts.expires': 'Mật khẩu hết hạn', 'accounts.must_change': 'phải đổi mật khẩu',

  'audit.title': 'Nhật ký an ninh và thao tác', 'audit.category': 'Loại', 'audit.action': 'Thao tác',
  'audit.category.action': 'Thao tác', 'audit.category.security': 'An ninh', 'audit.more': 'Cũ hơn',
  'audit.source': 'Từ địa chỉ', 'audit.target': 'Đối tượng', 'audit.result': 'Kết quả', 'audit.detail': 'Chi tiết',

  'col.time': 'Thời gian', 'col.name': 'Tên', 'col.user': 'Tài khoản', 'col.state': 'Trạng thái',
  'col.title': 'Cuộc họp', 'col.room': 'Phòng', 'col.host': 'Chủ trì', 'col.points': 'Điểm cầu', 'col.actions': '',
  'col.duration': 'Thời lượng (phút)', 'col.incidents': 'Sự cố', 'col.month': 'Tháng', 'col.kind': 'Loại',
  'common.all': 'Tất cả', 'common.none': '—', 'common.save': 'Lưu', 'common.filter': 'Lọc', 'common.close': 'Đóng',
  'common.loading': 'Đang tải…', 'common.done': 'Xong.', 'common.yes': 'Có', 'common.no': 'Không',
  'error.network': 'Không kết nối được tới máy chủ softmcu.', 'error.forbidden': 'Tài khoản của bạn không có quyền này.',
};

const en = {
  'app.title': 'Video conference control',
  'nav.board': 'Rooms', 'nav.bookings': 'Bookings', 'nav.logbook': 'Logbook', 'nav.reports': 'Reports',
  'nav.accounts': 'Accounts', 'nav.audit': 'Audit log', 'nav.password': 'Change password', 'nav.logout': 'Log out',
  'lang.switch': 'Tiếng Việt',
  'role.admin': 'admin', 'role.operator': 'operator', 'role.viewer': 'viewer',
  'role.chair': 'Chair', 'role.branch': 'Branch point',

  'login.title': 'Log in', 'login.user': 'Account', 'login.password': 'Password', 'login.submit': 'Log in',
  'login.expired': 'The password has expired or must be changed at first login. Choose a new one.',
  'password.title': 'Change password', 'password.current': 'Current password', 'password.new': 'New password',
  'password.repeat': 'New password again', 'password.submit': 'Change password',
  'password.mismatch': 'The two new passwords differ.',
  'password.rules': 'At least 8 characters with a digit, a lower-case and an upper-case letter and a special character; not containing the account name; none of the last 5. Expires after 180 days.',
  'password.changed': 'Password changed. Every earlier session has ended.',

  'board.room': 'Room', 'board.no_rooms': 'No room is running (is the conference engine up?).',
  'board.phase.idle': 'Idle', 'board.phase.test': 'Test run', 'board.phase.live': 'Live',
  'board.mode.chair-controlled': 'Chair-controlled', 'board.mode.open': 'Open',
  'board.locked': 'Room locked', 'board.lock': 'Lock room', 'board.unlock': 'Unlock',
  'board.start_test': 'Test run', 'board.start_live': 'Start meeting', 'board.end_meeting': 'End',
  'board.end_confirm': 'End the meeting in room {room}?',
  'board.dial_all': 'Dial every point', 'board.dial_uri': 'Dial a SIP address', 'board.dial': 'Dial',
  'board.dialled': 'Dialling {count} points.',
  'board.points': 'Points ({count})', 'board.no_points': 'No point is in the room yet.',
  'board.queue': 'Requests to speak', 'board.queue_empty': 'Nobody is asking to speak.',
  'board.holders': 'Speaking', 'board.waiting': 'waiting {time}',
  'board.layout': 'Layout', 'board.tiles_hint': 'Drag points onto tiles to match the seating plan.',
  'board.unplaced': 'Not placed', 'board.preview': 'Live picture', 'board.preview_of': 'Picture {name} receives',
  'board.preview_room': 'Room picture', 'board.preview_none': 'No preview yet.',
  'board.stats': 'Quality', 'board.live_lost': 'Lost the event stream, reconnecting…',
  'state.dialing': 'Dialling', 'state.ringing': 'Ringing', 'state.connected': 'Connected',
  'state.testing': 'Loopback test', 'state.disconnected': 'Lost', 'state.failed': 'Call failed',
  'floor.requesting': 'Asking to speak', 'floor.holding': 'Speaking',
  'badge.muted': 'Muted', 'badge.video_off': 'No video',
  'act.mute': 'Mute', 'act.unmute': 'Unmute', 'act.video_off': 'Stop video', 'act.video_on': 'Start video',
  'act.grant': 'Give the floor', 'act.revoke': 'Revoke', 'act.request': 'Request for them', 'act.cancel_request': 'Cancel request',
  'act.disconnect': 'Disconnect', 'act.reconnect': 'Redial', 'act.loopback': 'Loopback test', 'act.preview': 'See picture',
  'act.disconnect_confirm': 'Disconnect {name}?',
  'stats.loss': 'Loss', 'stats.jitter': 'Jitter', 'stats.bitrate': 'Bitrate', 'stats.rtt': 'RTT',
  'stats.tx': 'Sent', 'stats.drops': 'Policed', 'stats.freezes': 'Freezes', 'stats.level': 'Level',

  'bookings.title': 'Bookings', 'bookings.new': 'Book a meeting', 'bookings.none': 'No meeting in this range.',
  'bookings.from': 'From', 'bookings.to': 'To', 'bookings.show': 'Show', 'bookings.include_cancelled': 'Include cancelled',
  'bookings.field.title': 'Title', 'bookings.field.host_org': 'Host organisation', 'bookings.field.room': 'Room',
  'bookings.field.start': 'Start', 'bookings.field.end': 'End', 'bookings.field.test_start': 'Test run at',
  'bookings.field.points': 'Points', 'bookings.field.emergency': 'Emergency (storm, flood…)',
  'bookings.field.contact': 'Contact', 'bookings.field.notes': 'Notes', 'bookings.create': 'Book',
  'bookings.created': 'Meeting booked.', 'bookings.cancel': 'Cancel', 'bookings.cancel_confirm': 'Cancel the meeting "{title}"?',
  'bookings.status.scheduled': 'Scheduled',
  'bookings.status.cancelled': 'Cancelled', 'bookings.emergency': 'Emergency',
  'bookings.test_at': 'test {time}',

  'logbook.title': 'Technical logbook', 'logbook.none': 'No meeting was recorded in this range.',
  'logbook.kind.live': 'Official', 'logbook.kind.test': 'Test run', 'logbook.open': 'Open',
  'logbook.sessions': 'Points', 'logbook.incidents': 'Incidents', 'logbook.quality': 'Quality',
  'logbook.notes': 'Technician notes', 'logbook.add_note': 'Add note', 'logbook.add_incident': 'Record incident',
  'logbook.note_text': 'Text', 'logbook.cause': 'Cause', 'logbook.detail': 'Detail', 'logbook.point': 'Point',
  'logbook.saved': 'Saved.', 'logbook.joined': 'Joined', 'logbook.left': 'Left', 'logbook.leave_cause': 'Cause',
  'cause.reported': 'Reported by the point', 'cause.sip': 'SIP error', 'cause.rtp_timeout': 'Media lost',
  'cause.high_loss': 'High loss',

  'reports.title': 'Reports', 'reports.meetings': 'Meetings', 'reports.availability': 'Point availability',
  'reports.total': 'Meetings: {count}', 'reports.by_host': 'By host organisation', 'reports.by_month': 'By month',
  'reports.csv': 'Download CSV', 'reports.kind_all': 'Include test runs', 'reports.count': 'Meetings',
  'reports.expected': 'Expected', 'reports.joined': 'Joined', 'reports.minutes': 'Connected minutes', 'reports.availability_pct': 'Availability',

  'accounts.title': 'Accounts', 'accounts.new': 'New account', 'accounts.create': 'Create',
  'accounts.created': 'Account {user} created.', 'accounts.role': 'Role', 'accounts.disabled': 'Disabled',
  'accounts.disable': 'Disable', 'accounts.enable': 'Enable', 'accounts.reset': 'Reset password',
  'accounts.reset_prompt': 'Temporary password for {user} (to be changed at next login):', 'accounts.delete': 'Delete',
  'accounts.delete_confirm': 'Delete the account {user}?', 'accounts.last_login': 'Last login',
  'accounts.expires': 'Password expires', 'accounts.must_change': 'must change password',

  'audit.title': 'Audit log', 'audit.category': 'Category', 'audit.action': 'Action',
  'audit.category.action': 'Action', 'audit.category.security': 'Security', 'audit.more': 'Older',
  'audit.source': 'Source', 'audit.target': 'Target', 'audit.result': 'Result', 'audit.detail': 'Detail',

  'col.time': 'Time', 'col.name': 'Name', 'col.user': 'Account', 'col.state': 'State',
  'col.title': 'Meeting', 'col.room': 'Room', 'col.host': 'Host', 'col.points': 'Points', 'col.actions': '',
  'col.duration': 'Duration (min)', 'col.incidents': 'Incidents', 'col.month': 'Month', 'col.kind': 'Kind',
  'common.all': 'All', 'common.none': '—', 'common.save': 'Save', 'common.filter': 'Filter', 'common.close': 'Close',
  'common.loading': 'Loading…', 'common.done': 'Done.', 'common.yes': 'Yes', 'common.no': 'No',
  'error.network': 'Cannot reach the softmcu server.', 'error.forbidden': 'Your account may not do this.',
};

export const tables = {vi, en};

function initial() {
  const fromCookie = (document.cookie.match(/(?:^|;\s*)softmcu_lang=(vi|en)/) || [])[1];
  return fromCookie || 'vi';
}

let current = initial();

export function lang() { return current; }

export function setLang(next) {
  current = next === 'en' ? 'en' : 'vi';
  document.cookie = `softmcu_lang=${current}; path=/; max-age=31536000; samesite=strict`;
  document.documentElement.lang = current;
}

export function t(key, args) {
  let text = tables[current][key] ?? tables.vi[key] ?? key;
  if (args) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
  return text;
}

// Dates and times in the operator's own clock, in the console's language.
export function formatTime(iso, withDate = true) {
  if (!iso) return t('common.none');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options = withDate ? {dateStyle: 'short', timeStyle: 'short'} : {timeStyle: 'short'};
  return new Intl.DateTimeFormat(current === 'vi' ? 'vi-VN' : 'en-GB', options).format(date);
}

export function formatNumber(value, digits = 0) {
  if (value === undefined || value === null || Number.isNaN(value)) return t('common.none');
  return new Intl.NumberFormat(current === 'vi' ? 'vi-VN' : 'en-GB',
                               {maximumFractionDigits: digits, minimumFractionDigits: digits}).format(value);
}
