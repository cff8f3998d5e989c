// The one table from a Status to what each transport says about it.
//
// HTTP handlers, the FHIR layer and the WebSocket server all call these; no
// other code chooses an HTTP status or close code for an error.
#pragma once

#include <string>

#include "core/status.h"

namespace mc {

// HTTP status for `status` (200 when ok).
int HttpStatusFor(const Status& status);

// JSON body `{"error":{"code":"...","message":"..."}}` for a non-ok status.
// Internal errors get a generic message so no detail leaks to the client.
std::string ErrorJson(const Status& status);

// WebSocket close code (RFC 6455 / IANA registry) for a non-ok status.
int WebSocketCloseCodeFor(const Status& status);

}  // namespace mc
