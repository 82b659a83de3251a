#pragma once

#include "store/IncidentStore.h"
#include "time/UtcTime.h"

#include <string>
#include <utility>
#include <vector>

namespace salvo {

// Who sends the alert and when; the rest of a CAP message comes from the incident.
struct CapOptions {
  std::string sender = "salvo@localhost"; // CAP <sender>: unique id of the originator
  std::string sender_name = "Salvo acoustic gunfire detection";
  UtcNs sent_utc_ns = 0; // 0: now
  std::string restriction = "For law enforcement dispatch only";
  std::string address; // nearest address read out to units, when known
};

// One CAP 1.2 alert (OASIS Common Alerting Protocol) with one <info> and one <area>,
// independent of its encoding (XML for CAD systems, JSON for webhooks).
//
// Every incident can be exported, whatever its status: CAP <status> is always "Actual"
// (a real event, not an exercise), and Salvo's review status is carried in
// <certainty> (confirmed or dispatched: Observed; new: Likely from a classifier
// confidence of 0.8, else Possible; dismissed: Unlikely), in the "incidentStatus"
// parameter and in <note>, so a CAD system can tell an analyst-confirmed alert from an
// automatic one.
struct CapAlert {
  std::string identifier; // "salvo-<row id>-<sent ns>": unique per message
  std::string sender;
  std::string sent; // "2026-07-05T12:34:56+00:00" (CAP allows no fraction, no Z)
  std::string status = "Actual";
  std::string msg_type = "Alert";
  std::string scope = "Restricted";
  std::string restriction;
  std::string note;
  std::string incidents; // Salvo's incident label
  // info
  std::string category = "Security";
  std::string event; // "Gunfire", "Fireworks", "Impulsive noise"
  std::string urgency = "Immediate";
  std::string severity;
  std::string certainty;
  std::string onset; // first shot
  std::string sender_name;
  std::string headline;
  std::string description;
  std::vector<std::pair<std::string, std::string>> parameters; // valueName, value
  // area
  std::string area_desc;
  std::string circle; // "lat,lon radius_km" (WGS84, radius of the 95 % error circle)
};

CapAlert capAlertFor(const StoredIncident &incident, const CapOptions &options = {});

// CAP 1.2 XML, valid against CAP-v1.2.xsd (namespace urn:oasis:names:tc:emergency:cap:1.2).
std::string capAlertXml(const CapAlert &alert);
// The same content as one JSON object (keys as the CAP element names; parameters as an
// object of valueName: value).
std::string capAlertJson(const CapAlert &alert);

// CAP's dateTime: seconds, explicit "+00:00" offset.
std::string capDateTime(UtcNs time_utc_ns);

} // namespace salvo
