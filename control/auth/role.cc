#include "control/auth/role.h"

namespace softmcu::control {

const char* ToString(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kOperator: return "operator";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "operator") return Role::kOperator;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

const char* ToString(Permission permission) {
  switch (permission) {
    case Permission::kPublic: return "public";
    case Permission::kView: return "view";
    case Permission::kOwnAccount: return "own-account";
    case Permission::kControlLive: return "control-live";
    case Permission::kEditConfig: return "edit-config";
    case Permission::kEditBookings: return "edit-bookings";
    case Permission::kWriteLogbook: return "write-logbook";
    case Permission::kManageUsers: return "manage-users";
    case Permission::kViewAudit: return "view-audit";
    case Permission::kManageRecords: return "manage-records";
  }
  return "?";
}

bool Allows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kPublic:
    case Permission::kView:
    case Permission::kOwnAccount:
      return true;
    case Permission::kControlLive:
    case Permission::kEditConfig:
    case Permission::kEditBookings:
    case Permission::kWriteLogbook:
      return role == Role::kOperator || role == Role::kAdmin;
    case Permission::kManageUsers:
    case Permission::kViewAudit:
    case Permission::kManageRecords:
      return role == Role::kAdmin;
  }
  return false;
}

}  // namespace softmcu::control
