#include "control/store/migrations.h"

namespace softmcu::control {
namespace {

// Times are INTEGER Unix seconds (UTC). A booking names its room by number without a
// foreign key, and a deleted point leaves past bookings: the stores refuse to delete a room
// or point that a booking still to come needs, and past bookings stay as they were. Names and free text are UTF-8 (validated by the
// API before they get here). Logbook rows copy the point's name and URI: the logbook is a
// record of what happened and must survive the point's later renaming or deletion.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE points (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  sip_uri        TEXT NOT NULL UNIQUE,
  tier           TEXT NOT NULL CHECK (tier IN ('province', 'district', 'commune')),
  bandwidth_kbps INTEGER NOT NULL CHECK (bandwidth_kbps BETWEEN 100 AND 20000),
  organisation   TEXT NOT NULL DEFAULT '',
  notes          TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE TABLE point_sources (
  point_id INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  cidr     TEXT NOT NULL,
  PRIMARY KEY (point_id, position)
);
CREATE TABLE point_contacts (
  point_id INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  phone    TEXT NOT NULL,
  PRIMARY KEY (point_id, position)
);

CREATE TABLE rooms (
  number         TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  mode           TEXT NOT NULL CHECK (mode IN ('chair', 'open')),
  chair_point_id INTEGER REFERENCES points(id) ON DELETE RESTRICT,
  layout         TEXT NOT NULL,
  pin            TEXT,
  srtp_required  INTEGER NOT NULL DEFAULT 1,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE TABLE room_members (
  room_number     TEXT NOT NULL REFERENCES rooms(number) ON DELETE CASCADE ON UPDATE CASCADE,
  point_id        INTEGER NOT NULL REFERENCES points(id) ON DELETE RESTRICT,
  position        INTEGER NOT NULL,
  tile            INTEGER,
  allow_plain_rtp INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (room_number, point_id)
);
CREATE INDEX room_members_point ON room_members(point_id);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role                TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  password_hash       TEXT NOT NULL,
  password_changed_at INTEGER NOT NULL,
  must_change         INTEGER NOT NULL DEFAULT 0,
  disabled            INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  last_login_at       INTEGER
);
CREATE TABLE password_history (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  retired_at    INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  source       TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  time     INTEGER NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('action', 'security')),
  action   TEXT NOT NULL,
  user     TEXT NOT NULL DEFAULT '',
  source   TEXT NOT NULL DEFAULT '',
  target   TEXT NOT NULL DEFAULT '',
  result   TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_time ON audit(time);

CREATE TABLE bookings (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  host_org    TEXT NOT NULL,
  room_number TEXT NOT NULL,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  test_at     INTEGER,
  emergency   INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  contact     TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK (end_at > start_at),
  CHECK (test_at IS NULL OR test_at <= start_at)
);
CREATE INDEX bookings_time ON bookings(start_at, end_at);
CREATE TABLE booking_points (
  booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  point_id   INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  PRIMARY KEY (booking_id, point_id)
);
CREATE INDEX booking_points_point ON booking_points(point_id);

CREATE TABLE meetings (
  id          INTEGER PRIMARY KEY,
  room_number TEXT NOT NULL,
  booking_id  INTEGER REFERENCES bookings(id) ON DELETE SET NULL,
  title       TEXT NOT NULL DEFAULT '',
  host_org    TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL CHECK (kind IN ('test', 'live')),
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER
);
CREATE INDEX meetings_time ON meetings(started_at);
CREATE TABLE point_sessions (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  point_id    INTEGER,
  point_name  TEXT NOT NULL,
  uri         TEXT NOT NULL,
  joined_at   INTEGER NOT NULL,
  left_at     INTEGER,
  leave_cause TEXT NOT NULL DEFAULT ''
);
CREATE INDEX point_sessions_meeting ON point_sessions(meeting_id);
CREATE TABLE incidents (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  point_id   INTEGER,
  point_name TEXT NOT NULL DEFAULT '',
  time       INTEGER NOT NULL,
  cause      TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '',
  reported_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incidents_meeting ON incidents(meeting_id);
CREATE TABLE quality (
  id           INTEGER PRIMARY KEY,
  meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  point_id     INTEGER,
  point_name   TEXT NOT NULL DEFAULT '',
  time         INTEGER NOT NULL,
  loss_pct     REAL NOT NULL,
  jitter_ms    REAL NOT NULL,
  bitrate_kbps REAL NOT NULL,
  freezes      INTEGER NOT NULL
);
CREATE INDEX quality_meeting ON quality(meeting_id);
CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  time       INTEGER NOT NULL,
  user       TEXT NOT NULL,
  text       TEXT NOT NULL
);
CREATE INDEX notes_meeting ON notes(meeting_id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "address book, rooms, accounts, sessions, audit, bookings, logbook", kSchemaV1},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }
int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

}  // namespace softmcu::control
