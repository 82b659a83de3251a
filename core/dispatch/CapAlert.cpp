#include "dispatch/CapAlert.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cstdio>

namespace salvo {
namespace {

constexpr const char *kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string eventName(IncidentClass incidentClass) {
  switch (incidentClass) {
  case IncidentClass::Gunfire:
    return "Gunfire";
  case IncidentClass::Fireworks:
    return "Fireworks";
  case IncidentClass::Other:
    return "Impulsive noise";
  }
  return "Impulsive noise";
}

std::string certaintyOf(const StoredIncident &stored) {
  switch (stored.status) {
  case IncidentStatus::Confirmed:
  case IncidentStatus::Dispatched:
    return "Observed";
  case IncidentStatus::Dismissed:
    return "Unlikely";
  case IncidentStatus::New:
    return stored.incident.confidence >= 0.8 ? "Likely" : "Possible";
  }
  return "Unknown";
}

std::string statusNote(IncidentStatus status) {
  switch (status) {
  case IncidentStatus::New:
    return "Salvo incident status: new (automatic detection, not yet reviewed by an analyst)";
  case IncidentStatus::Confirmed:
    return "Salvo incident status: confirmed by an analyst";
  case IncidentStatus::Dismissed:
    return "Salvo incident status: dismissed by an analyst (not an incident)";
  case IncidentStatus::Dispatched:
    return "Salvo incident status: confirmed and dispatched";
  }
  return {};
}

std::string joined(const std::vector<std::string> &items, const char *separator) {
  std::string text;
  for (const std::string &item : items) {
    text += (text.empty() ? "" : separator) + item;
  }
  return text;
}

} // namespace

std::string capDateTime(UtcNs time_utc_ns) {
  // formatIso8601Utc gives "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"; CAP wants whole seconds.
  return formatIso8601Utc(time_utc_ns).substr(0, 19) + "+00:00";
}

CapAlert capAlertFor(const StoredIncident &stored, const CapOptions &options) {
  const Incident &incident = stored.incident;
  const UtcNs sent_utc_ns = options.sent_utc_ns != 0 ? options.sent_utc_ns : nowUtc_ns();
  CapAlert alert;
  alert.identifier = "salvo-" + std::to_string(stored.row_id) + "-" + std::to_string(sent_utc_ns);
  alert.sender = options.sender;
  alert.sent = capDateTime(sent_utc_ns);
  alert.restriction = options.restriction;
  alert.note = statusNote(stored.status);
  alert.incidents = incident.id;
  alert.event = eventName(incident.incidentClass);
  alert.severity = incident.incidentClass == IncidentClass::Gunfire ? "Severe" : "Minor";
  alert.certainty = certaintyOf(stored);
  alert.onset = capDateTime(incident.time_utc_ns);
  alert.sender_name = options.sender_name;
  const std::string place = options.address.empty() ? fixed(incident.position.lat_deg, 6) + ", " +
                                                          fixed(incident.position.lon_deg, 6)
                                                    : options.address;
  alert.headline = alert.event + ": " + std::to_string(incident.rounds) +
                   (incident.rounds == 1 ? " round" : " rounds") + " near " + place;
  alert.description =
      "Acoustic sensors located " + std::to_string(incident.rounds) +
      (incident.rounds == 1 ? " impulse" : " impulses") + " classified as " +
      std::string(incidentClassName(incident.incidentClass)) + " (confidence " +
      fixed(100.0 * incident.confidence, 0) + " %) at " + formatIso8601Utc(incident.time_utc_ns) +
      ", within " + fixed(incident.horizontal_error_m, 0) + " m (95 %) of " +
      fixed(incident.position.lat_deg, 6) + ", " + fixed(incident.position.lon_deg, 6) + ", from " +
      std::to_string(incident.sensors.size()) + " sensors.";
  std::vector<std::string> shotTimes;
  for (const IncidentShot &shot : incident.shots) {
    shotTimes.push_back(formatIso8601Utc(shot.time_utc_ns));
  }
  alert.parameters = {
      {"rounds", std::to_string(incident.rounds)},
      {"class", std::string(incidentClassName(incident.incidentClass))},
      {"confidence", fixed(incident.confidence, 3)},
      {"incidentStatus", std::string(incidentStatusName(stored.status))},
      {"horizontalError95_m", fixed(incident.horizontal_error_m, 1)},
      {"firstShotUtc", formatIso8601Utc(incident.time_utc_ns)},
      {"shotTimesUtc", joined(shotTimes, " ")},
      {"sensors", joined(incident.sensors, " ")},
      {"salvoIncidentId", incident.id},
      {"salvoRowId", std::to_string(stored.row_id)},
      {"source", stored.source},
  };
  alert.area_desc = place;
  // CAP circles are in km; a radius of 0 would read as a point, so at least 1 m.
  alert.circle = fixed(incident.position.lat_deg, 6) + "," + fixed(incident.position.lon_deg, 6) +
                 " " + fixed(std::max(incident.horizontal_error_m, 1.0) / 1000.0, 3);
  return alert;
}

std::string capAlertXml(const CapAlert &alert) {
  QString text;
  QXmlStreamWriter xml(&text);
  xml.setAutoFormatting(true);
  xml.writeStartDocument();
  xml.writeDefaultNamespace(QString::fromLatin1(kCapNamespace));
  auto element = [&xml](const char *name, const std::string &value) {
    xml.writeTextElement(QString::fromLatin1(name), QString::fromStdString(value));
  };
  xml.writeStartElement(QStringLiteral("alert"));
  element("identifier", alert.identifier);
  element("sender", alert.sender);
  element("sent", alert.sent);
  element("status", alert.status);
  element("msgType", alert.msg_type);
  element("scope", alert.scope);
  if (alert.scope == "Restricted") {
    element("restriction", alert.restriction);
  }
  element("note", alert.note);
  element("incidents", alert.incidents);
  xml.writeStartElement(QStringLiteral("info"));
  element("language", "en-US");
  element("category", alert.category);
  element("event", alert.event);
  element("urgency", alert.urgency);
  element("severity", alert.severity);
  element("certainty", alert.certainty);
  element("onset", alert.onset);
  element("senderName", alert.sender_name);
  element("headline", alert.headline);
  element("description", alert.description);
  for (const auto &[name, value] : alert.parameters) {
    xml.writeStartElement(QStringLiteral("parameter"));
    element("valueName", name);
    element("value", value);
    xml.writeEndElement();
  }
  xml.writeStartElement(QStringLiteral("area"));
  element("areaDesc", alert.area_desc);
  element("circle", alert.circle);
  xml.writeEndElement(); // area
  xml.writeEndElement(); // info
  xml.writeEndElement(); // alert
  xml.writeEndDocument();
  return text.toStdString();
}

std::string capAlertJson(const CapAlert &alert) {
  auto str = [](const std::string &value) { return QString::fromStdString(value); };
  QJsonObject parameters;
  for (const auto &[name, value] : alert.parameters) {
    parameters.insert(str(name), str(value));
  }
  const QJsonObject area{{QStringLiteral("areaDesc"), str(alert.area_desc)},
                         {QStringLiteral("circle"), str(alert.circle)}};
  const QJsonObject info{{QStringLiteral("language"), QStringLiteral("en-US")},
                         {QStringLiteral("category"), str(alert.category)},
                         {QStringLiteral("event"), str(alert.event)},
                         {QStringLiteral("urgency"), str(alert.urgency)},
                         {QStringLiteral("severity"), str(alert.severity)},
                         {QStringLiteral("certainty"), str(alert.certainty)},
                         {QStringLiteral("onset"), str(alert.onset)},
                         {QStringLiteral("senderName"), str(alert.sender_name)},
                         {QStringLiteral("headline"), str(alert.headline)},
                         {QStringLiteral("description"), str(alert.description)},
                         {QStringLiteral("parameter"), parameters},
                         {QStringLiteral("area"), area}};
  QJsonObject root{{QStringLiteral("format"), QStringLiteral("cap-1.2+json")},
                   {QStringLiteral("identifier"), str(alert.identifier)},
                   {QStringLiteral("sender"), str(alert.sender)},
                   {QStringLiteral("sent"), str(alert.sent)},
                   {QStringLiteral("status"), str(alert.status)},
                   {QStringLiteral("msgType"), str(alert.msg_type)},
                   {QStringLiteral("scope"), str(alert.scope)},
                   {QStringLiteral("note"), str(alert.note)},
                   {QStringLiteral("incidents"), str(alert.incidents)},
                   {QStringLiteral("info"), QJsonArray{info}}};
  if (alert.scope == "Restricted") {
    root.insert(QStringLiteral("restriction"), str(alert.restriction));
  }
  return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace salvo
