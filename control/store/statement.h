#pragma once
// One prepared SQLite statement (sqlite3_stmt), finalized when it goes out of scope.
// Statements come from Connection::Prepare and are used only inside the Database::Read /
// Database::Write call that prepared them (the connection's lock is held there).
//
// Parameters are 1-based, columns 0-based, as in SQLite. Binding never fails for the
// types used here (indices are the caller's constants); Step() reports SQLite errors as a
// ControlError of kind kInternal, or kConflict for a constraint violation (a safety net:
// stores check uniqueness and references first, to name the clash to the operator).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "control/control_error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace softmcu::control {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value ? 1 : 0)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // True when a row is available, false when the statement is done.
  ControlResult<bool> Step();
  // Steps to completion, for statements that return no rows.
  ControlResult<void> Run();
  // Resets for another execution with new bindings.
  void Reset();

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace softmcu::control
