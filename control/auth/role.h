#pragma once
// Account roles and what each may do (issue 7 "Accounts and audit"). The API's route table
// names one Permission per route; this table is the only place that maps roles to them.
//
//   permission     viewer operator admin   routes (docs/api.md)
//   kView            x       x       x     GET of points, rooms, live state, bookings, logbook, reports, events
//   kOwnAccount      x       x       x     logout, own password, session
//   kControlLive             x       x     connect/disconnect, mute, video, floor, layout, lock, mode, meeting
//   kEditConfig              x       x     create/change/delete points and rooms
//   kEditBookings            x       x     create/change/cancel bookings
//   kWriteLogbook            x       x     operator notes and incidents
//   kManageUsers                     x     accounts
//   kViewAudit                       x     audit log
//   kManageRecords                   x     manual pruning
//
// Viewers watch (a provincial leader's office): they can never change a meeting, so "a
// viewer cannot grant the floor". Operators run meetings and the address book; only admins
// touch accounts and the security record.

#include <optional>
#include <string_view>

namespace softmcu::control {

enum class Role { kViewer, kOperator, kAdmin };
enum class Permission {
  kPublic,  // no session needed (login, health, the console's static files)
  kView,
  kOwnAccount,
  kControlLive,
  kEditConfig,
  kEditBookings,
  kWriteLogbook,
  kManageUsers,
  kViewAudit,
  kManageRecords,
};

const char* ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);
const char* ToString(Permission permission);
bool Allows(Role role, Permission permission);

}  // namespace softmcu::control
