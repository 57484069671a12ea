#include "control/store/database.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "control/store/migrations.h"
#include "core/log.h"

namespace softmcu::control {
namespace {

tl::unexpected<ControlError> SqliteFailure(sqlite3* db, std::string_view what) {
  spdlog::error("store: {}: {}", what, db != nullptr ? sqlite3_errmsg(db) : "out of memory");
  return Fail(ErrorKind::kInternal, "store.error");
}

}  // namespace

ControlResult<Statement> Connection::Prepare(std::string_view sql) {
  if (fault_countdown_ > 0 && --fault_countdown_ == 0) {
    spdlog::warn("store: injected fault before \"{}\"", sql.substr(0, 60));
    return Fail(ErrorKind::kInternal, "store.error");
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return SqliteFailure(db_, std::string("prepare ") + std::string(sql.substr(0, 60)));
  }
  return Statement(db_, stmt);
}

ControlResult<void> Connection::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    spdlog::error("store: exec failed ({}): {}", rc, message != nullptr ? message : "");
    sqlite3_free(message);
    if ((rc & 0xff) == SQLITE_BUSY) return Fail(ErrorKind::kUnavailable, "store.busy");
    return Fail(ErrorKind::kInternal, "store.error");
  }
  return {};
}

int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::Changes() const { return sqlite3_changes(db_); }

ControlResult<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    spdlog::error("store: cannot open database {}: {} (check that the data directory exists and is writable)",
                  options.path, db != nullptr ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Fail(ErrorKind::kUnavailable, "store.open_failed", "", {{"path", options.path}});
  }
  std::unique_ptr<Database> database(new Database(db, options.path));
  if (options.path != ":memory:" && !options.path.empty()) {
    ::chmod(options.path.c_str(), 0600);  // password hashes and session hashes live here
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;";
  pragmas += options.durability == Durability::kFull ? " PRAGMA synchronous=FULL;" : " PRAGMA synchronous=NORMAL;";
  if (auto set = database->connection_.Exec(pragmas); !set) return tl::unexpected(set.error());
  if (auto migrated = database->Migrate(); !migrated) return tl::unexpected(migrated.error());
  return database;
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::InjectFaultAfter(int n) {
  std::lock_guard<std::mutex> lock(mutex_);
  connection_.InjectFaultAfter(n);
}

void Database::Rollback() {
  // A failed COMMIT may already have rolled back; ROLLBACK then fails harmlessly.
  if (sqlite3_get_autocommit(db_) == 0) (void)connection_.Exec("ROLLBACK");
}

ControlResult<void> Database::Migrate() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto version_stmt = connection_.Prepare("PRAGMA user_version");
  if (!version_stmt) return tl::unexpected(version_stmt.error());
  auto row = version_stmt->Step();
  if (!row) return tl::unexpected(row.error());
  schema_version_ = *row ? static_cast<int>(version_stmt->Int(0)) : 0;
  if (schema_version_ > LatestSchemaVersion()) {
    spdlog::error("store: database {} has schema version {}, newer than this softmcu knows ({}): "
                  "run the softmcu that wrote it, or restore a backup",
                  path_, schema_version_, LatestSchemaVersion());
    return Fail(ErrorKind::kUnavailable, "store.schema_too_new", "",
                {{"version", std::to_string(schema_version_)}, {"latest", std::to_string(LatestSchemaVersion())}});
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= schema_version_) continue;
    std::string script = "BEGIN IMMEDIATE;\n";
    script += m.sql;
    script += "\nPRAGMA user_version = " + std::to_string(m.version) + ";\nCOMMIT;";
    if (auto ran = connection_.Exec(script); !ran) {
      Rollback();
      spdlog::error("store: migration to schema version {} ({}) failed on {}", m.version, m.description, path_);
      return tl::unexpected(ran.error());
    }
    spdlog::info("store: {} migrated to schema version {} ({})", path_, m.version, m.description);
    schema_version_ = m.version;
  }
  return {};
}

}  // namespace softmcu::control
