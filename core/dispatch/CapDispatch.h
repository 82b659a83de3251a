#pragma once

#include "dispatch/CadWebhook.h"
#include "dispatch/CapAlert.h"
#include "store/Database.h"
#include "store/IncidentStore.h"

#include <QByteArray>
#include <QUrl>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salvo {

enum class CapEncoding { Xml, Json };

QByteArray capBody(const CapAlert &alert, CapEncoding encoding);
QByteArray capContentType(CapEncoding encoding); // application/cap+xml, application/json

// Why an incident may not be sent to dispatch, or nothing when it may: only incidents an
// analyst confirmed (or already dispatched, to send again) go to the CAD system. Any
// incident can still be exported as a file (salvo-cli cap, the dialog's preview).
std::optional<std::string> dispatchRefusal(const StoredIncident &incident);

// Why this user may not dispatch (unknown, inactive, or neither dispatcher nor admin),
// or nothing: checked before the POST, so the CAD system never receives an alert that
// cannot then be recorded.
std::optional<std::string> dispatchUserRefusal(Database &database, std::string_view userName);

// The unit recorded for a dispatch through the webhook.
inline constexpr std::string_view kCadWebhookUnit = "CAD webhook";

// Records a POST the CAD system accepted through DispatchStore: the dispatches row names
// the CAP identifier, the URL and the HTTP status; the incident becomes dispatched; both
// are audited. Throws InputError (user not a dispatcher or admin, unknown incident).
std::int64_t recordCapDispatch(Database &database, std::int64_t incidentRowId,
                               std::string_view userName, const CapAlert &alert, const QUrl &url,
                               const WebhookResult &result);

} // namespace salvo
