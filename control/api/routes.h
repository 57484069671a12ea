#pragma once
// The API's route groups; each adds its rows to the route table. docs/api.md documents
// every route with its permission, request, response and errors.

#include "control/api/api_services.h"
#include "control/api/router.h"

namespace softmcu::control {

// login, logout, session, password, users, audit
void AddAccountRoutes(Router& router, const ApiServices& services);
// points, rooms, room members
void AddAddressBookRoutes(Router& router, const ApiServices& services);
// /rooms/{number}/live|participants|floor|layout|lock|mode|meeting, /live/rooms, /events
void AddLiveRoutes(Router& router, const ApiServices& services);
// bookings, logbook, reports, records pruning, health
void AddRecordRoutes(Router& router, const ApiServices& services);

}  // namespace softmcu::control
