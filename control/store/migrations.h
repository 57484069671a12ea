#pragma once
// The schema of the control database as an ordered list of migrations. Version N's script
// turns a version N-1 database into version N; PRAGMA user_version records the version.
// Never edit a released migration: append a new one (an operator's database has already
// run the old ones). Database::Open runs the missing ones, each in its own transaction.

#include <span>

namespace softmcu::control {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

std::span<const Migration> Migrations();
int LatestSchemaVersion();

}  // namespace softmcu::control
