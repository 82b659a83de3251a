#pragma once

#include "../store/StoreTestSupport.h"

#include "store/IncidentStore.h"
#include "store/ReviewStore.h"
#include "store/SchemaMigrations.h"
#include "store/UserStore.h"

#include <QProcess>
#include <QString>

#include <random>
#include <vector>

namespace salvo::dispatchtest {

// A store with three incidents: #1 confirmed by analyst ana, #2 new, #3 dismissed; users
// ana (analyst) and dan (dispatcher). Incident #1's label has characters XML escapes.
inline void fillStore(Database &database) {
  storetest::addSensors(database);
  std::mt19937_64 random(5);
  std::vector<Incident> incidents;
  for (int i = 1; i <= 3; ++i) {
    incidents.push_back(storetest::randomIncident(random, i));
  }
  incidents[0].id = "I0001 <&\"'>";
  incidents[0].incidentClass = IncidentClass::Gunfire;
  incidents[0].confidence = 0.93;
  incidents[1].confidence = 0.5;
  IncidentStore(database, "test").insertBatch(incidents, "easy-101");
  UserStore users(database, "setup");
  users.addUser("ana", UserRole::Analyst, "correct horse battery");
  users.addUser("dan", UserRole::Dispatcher, "staple gun 2026");
  ReviewStore reviews(database);
  reviews.recordReview(1, "ana", ReviewDecision::Confirmed, {}, "three clear shots");
  reviews.recordReview(3, "ana", ReviewDecision::Dismissed, {}, "door slam");
}

struct XmllintResult {
  bool valid = false;
  QString output;
};

// Validates a CAP file with xmllint against the OASIS schema.
inline XmllintResult validateCap(const QString &path) {
  QProcess xmllint;
  xmllint.start(QStringLiteral("xmllint"),
                {QStringLiteral("--noout"), QStringLiteral("--schema"),
                 QStringLiteral(SALVO_SHARED_DIR "/specs/cap/CAP-v1.2.xsd"), path});
  XmllintResult result;
  if (!xmllint.waitForFinished(30000)) {
    result.output = QStringLiteral("xmllint did not run: ") + xmllint.errorString();
    return result;
  }
  result.output = QString::fromUtf8(xmllint.readAllStandardError());
  result.valid = xmllint.exitStatus() == QProcess::NormalExit && xmllint.exitCode() == 0;
  return result;
}

} // namespace salvo::dispatchtest
