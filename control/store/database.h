#pragma once
// The SQLite database of the control plane: one file in the daemon's data directory
// holding the address book, rooms, accounts, sessions, audit log, bookings and logbook.
//
// Opening creates the file (mode 0600: it holds password hashes), sets the pragmas and runs
// the versioned migrations (migrations.h) in order, each in its own transaction, so a
// database is always at a known schema version; a file from a newer softmcu is refused.
//
// Pragmas, and why:
//  - journal_mode=WAL: readers are never blocked by the writer, and a crash mid-write leaves
//    the last committed state.
//  - synchronous=FULL (default Durability::kFull): in WAL mode NORMAL may lose the last
//    committed transactions on power loss (never corrupts). For the audit log, a legal
//    record the regulations require for ≥ 180 days, and for accounts (a password change
//    that silently reverts) that is not acceptable. FULL costs one fsync of the WAL per
//    commit; control-plane writes are a few per second at most, so it is affordable.
//    kNormal exists for throw-away databases only.
//  - foreign_keys=ON: references (room members → points, bookings → rooms) are enforced by
//    SQLite as well as checked by the stores.
//
// Threading: ONE connection, serialized by a mutex. Every use goes through Read() or
// Write(), which hold the lock for the whole callback, so a multi-statement read sees one
// state and a write is one transaction. Called from HTTP worker threads and from the
// conference's control thread (logbook); never from a media thread (a commit fsyncs).
// Control-plane load is tiny, so one serialized connection is the simple correct choice.
// Do not call Read/Write from inside a callback (the mutex is not recursive): stores offer
// `...In(Connection&)` variants to compose inside one transaction.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>

#include "control/control_error.h"
#include "control/store/statement.h"

struct sqlite3;

namespace softmcu::control {

enum class Durability { kFull, kNormal };

struct DatabaseOptions {
  std::string path;  // a file path; ":memory:" for a private in-memory database
  Durability durability = Durability::kFull;
  int busy_timeout_ms = 5000;
};

// The connection as seen inside Read()/Write(). Not owned; valid only in the callback.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ControlResult<Statement> Prepare(std::string_view sql);
  // Runs one or more statements that return no rows.
  ControlResult<void> Exec(std::string_view sql);
  int64_t LastInsertId() const;
  int Changes() const;

  // Tests only: the `n`-th Prepare() from now fails (1 = the next), so a test can break a
  // multi-row write half-way and prove that nothing of it is left.
  void InjectFaultAfter(int n) { fault_countdown_ = n; }

 private:
  sqlite3* db_;
  int fault_countdown_ = 0;
};

class Database {
 public:
  static ControlResult<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn(Connection&)` holding the connection; returns what it returns.
  template <typename Fn>
  auto Read(Fn&& fn) -> std::invoke_result_t<Fn, Connection&> {
    std::lock_guard<std::mutex> lock(mutex_);
    return fn(connection_);
  }

  // Runs `fn(Connection&)` -> ControlResult<T> inside BEGIN IMMEDIATE … COMMIT. An error
  // from `fn` (or from COMMIT) rolls everything back and is returned as is.
  template <typename Fn>
  auto Write(Fn&& fn) -> std::invoke_result_t<Fn, Connection&> {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto begun = connection_.Exec("BEGIN IMMEDIATE"); !begun) return tl::unexpected(begun.error());
    auto result = fn(connection_);
    if (!result) {
      Rollback();
      return result;
    }
    if (auto committed = connection_.Exec("COMMIT"); !committed) {
      Rollback();
      return tl::unexpected(committed.error());
    }
    return result;
  }

  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

  // Tests only: see Connection::InjectFaultAfter.
  void InjectFaultAfter(int n);

 private:
  Database(sqlite3* db, std::string path) : db_(db), connection_(db), path_(std::move(path)) {}
  void Rollback();
  ControlResult<void> Migrate();

  sqlite3* const db_;
  std::mutex mutex_;
  Connection connection_;  // guarded by mutex_
  std::string path_;
  int schema_version_ = 0;
};

}  // namespace softmcu::control
