#include "dispatch/CapDispatch.h"

#include "store/ReviewStore.h"
#include "store/UserStore.h"

namespace salvo {

QByteArray capBody(const CapAlert &alert, CapEncoding encoding) {
  return QByteArray::fromStdString(encoding == CapEncoding::Xml ? capAlertXml(alert)
                                                                : capAlertJson(alert));
}

QByteArray capContentType(CapEncoding encoding) {
  return encoding == CapEncoding::Xml ? QByteArrayLiteral("application/cap+xml")
                                      : QByteArrayLiteral("application/json");
}

std::optional<std::string> dispatchRefusal(const StoredIncident &incident) {
  const std::string name = "incident " + incident.incident.id;
  switch (incident.status) {
  case IncidentStatus::Confirmed:
  case IncidentStatus::Dispatched:
    return std::nullopt;
  case IncidentStatus::New:
    return name + " has not been reviewed: an analyst must confirm it before it is dispatched";
  case IncidentStatus::Dismissed:
    return name + " was dismissed by an analyst: it is not dispatched";
  }
  return name + " has an unknown status";
}

std::optional<std::string> dispatchUserRefusal(Database &database, std::string_view userName) {
  const std::optional<StoredUser> user = UserStore(database, "dispatch").find(userName);
  const std::string name = "user " + std::string(userName);
  if (!user) {
    return name + " does not exist";
  }
  if (!user->active) {
    return name + " is deactivated";
  }
  if (user->role != UserRole::Dispatcher && user->role != UserRole::Admin) {
    return name + " is not a dispatcher or admin and may not dispatch";
  }
  return std::nullopt;
}

std::int64_t recordCapDispatch(Database &database, std::int64_t incidentRowId,
                               std::string_view userName, const CapAlert &alert, const QUrl &url,
                               const WebhookResult &result) {
  const std::string note = "CAP " + alert.identifier + " (" + alert.event + ", " + alert.certainty +
                           ") POSTed to " +
                           url.toDisplayString(QUrl::RemoveUserInfo).toStdString() + ": HTTP " +
                           std::to_string(result.http_status);
  return DispatchStore(database).recordDispatch(incidentRowId, userName, kCadWebhookUnit, note);
}

} // namespace salvo
