#include "CliCommand.h"

#include "common/InputError.h"
#include "dispatch/CapDispatch.h"
#include "store/IncidentStore.h"
#include "store/SchemaMigrations.h"

#include <QFile>
#include <QSaveFile>

#include <exception>

namespace salvo::cli {
namespace {

// "I0003": the label `locate --out` wrote (the latest run that used it); "#42": a row id.
std::int64_t resolveIncident(IncidentStore &store, const QString &id, QString &warning) {
  if (id.startsWith(QLatin1Char('#'))) {
    bool ok = false;
    const std::int64_t rowId = id.mid(1).toLongLong(&ok);
    if (!ok || !store.find(rowId)) {
      throw InputError("--incident", {}, {}, "no incident has row id " + id.toStdString());
    }
    return rowId;
  }
  const std::vector<std::int64_t> rows = store.rowIdsWithLabel(id.toStdString());
  if (rows.empty()) {
    throw InputError("--incident", {}, {},
                     "no incident is labelled " + id.toStdString() +
                         " (labels are the ids of the incidents file; #ROW picks a row id)");
  }
  if (rows.size() > 1) {
    QStringList all;
    for (const std::int64_t row : rows) {
      all << QLatin1Char('#') + QString::number(row);
    }
    warning = QStringLiteral("%1 labels %2 incidents (%3, one a locate run): using the latest, "
                             "#%4; pass --incident #ROW for another")
                  .arg(id)
                  .arg(rows.size())
                  .arg(all.join(QStringLiteral(", ")))
                  .arg(rows.back());
  }
  return rows.back();
}

void writeOutput(const QString &path, const QByteArray &body) {
  if (path.isEmpty() || path == QLatin1String("-")) {
    out() << QString::fromUtf8(body);
    out().flush();
    return;
  }
  QSaveFile file(path); // all or nothing: a failed write never leaves half an alert
  if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit()) {
    throw InputError(path.toStdString(), {}, {},
                     "cannot be written: " + file.errorString().toStdString());
  }
}

int runCap(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Export a stored incident as a CAP 1.2 alert (XML valid against CAP-v1.2.xsd, or JSON), "
      "and optionally POST it to a CAD webhook. Any incident can be exported: its review "
      "status is carried in <certainty>, <note> and the incidentStatus parameter. Only "
      "confirmed incidents are POSTed; the POST is recorded as a dispatch in the audit trail."));
  const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The Salvo database."),
                                    QStringLiteral("FILE"));
  const QCommandLineOption incidentOption(
      QStringLiteral("incident"),
      QStringLiteral("The incident: its id in the incidents file of the same locate run "
                     "(\"I0003\"; the latest run when several used it) or #ROW (store row id)."),
      QStringLiteral("ID"));
  const QCommandLineOption outOption(QStringLiteral("out"),
                                     QStringLiteral("Write the alert here (default: stdout)."),
                                     QStringLiteral("FILE"));
  const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("xml or json."),
                                        QStringLiteral("FORMAT"), QStringLiteral("xml"));
  const QCommandLineOption senderOption(QStringLiteral("sender"), QStringLiteral("CAP sender id."),
                                        QStringLiteral("ID"), QStringLiteral("salvo@localhost"));
  const QCommandLineOption sentOption(QStringLiteral("sent"),
                                      QStringLiteral("CAP sent time, ISO 8601 (default: now)."),
                                      QStringLiteral("TIME"));
  const QCommandLineOption postOption(QStringLiteral("post"),
                                      QStringLiteral("POST the alert to this CAD webhook URL."),
                                      QStringLiteral("URL"));
  const QCommandLineOption userOption(QStringLiteral("user"),
                                      QStringLiteral("Dispatcher or admin recorded for --post."),
                                      QStringLiteral("NAME"));
  const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                         QStringLiteral("Seconds to wait for the webhook."),
                                         QStringLiteral("S"), QStringLiteral("10"));
  for (const QCommandLineOption &option :
       {dbOption, incidentOption, outOption, formatOption, senderOption, sentOption, postOption,
        userOption, timeoutOption}) {
    parser.addOption(option);
  }
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  auto usage = [&](const QString &problem) {
    err() << "salvo-cli cap: " << problem << "\n\n" << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  };
  if (!parser.isSet(dbOption) || !parser.isSet(incidentOption)) {
    return usage(QStringLiteral("--db FILE and --incident ID are required"));
  }
  const QString format = parser.value(formatOption);
  if (format != QLatin1String("xml") && format != QLatin1String("json")) {
    return usage(QStringLiteral("--format must be xml or json, not '%1'").arg(format));
  }
  if (parser.isSet(postOption) && !parser.isSet(userOption)) {
    return usage(QStringLiteral("--post needs --user NAME (a dispatcher or admin)"));
  }
  bool timeoutOk = false;
  const double timeout_s = parser.value(timeoutOption).toDouble(&timeoutOk);
  if (!timeoutOk || !(timeout_s > 0.0)) {
    return usage(QStringLiteral("--timeout must be a positive number of seconds"));
  }
  CapOptions options;
  options.sender = parser.value(senderOption).toStdString();
  if (parser.isSet(sentOption)) {
    const std::optional<UtcNs> sent = parseIso8601Utc(parser.value(sentOption).toStdString());
    if (!sent) {
      return usage(QStringLiteral("--sent must be an ISO 8601 time such as "
                                  "2026-07-05T12:00:00Z"));
    }
    options.sent_utc_ns = *sent;
  }
  const CapEncoding encoding =
      format == QLatin1String("xml") ? CapEncoding::Xml : CapEncoding::Json;
  try {
    const bool posting = parser.isSet(postOption);
    Database database = openStore(parser.value(dbOption).toStdString(),
                                  posting ? Database::Mode::ReadWrite : Database::Mode::ReadOnly);
    IncidentStore store(database, "salvo-cli cap");
    QString warning;
    const std::int64_t rowId = resolveIncident(store, parser.value(incidentOption), warning);
    if (!warning.isEmpty()) {
      err() << "salvo-cli cap: warning: " << warning << "\n";
    }
    const StoredIncident incident = store.find(rowId).value();
    const CapAlert alert = capAlertFor(incident, options);
    const QByteArray body = capBody(alert, encoding);
    writeOutput(parser.value(outOption), body);
    err() << "incident " << QString::fromStdString(incident.incident.id) << " (#" << rowId << ", "
          << QString::fromStdString(std::string(incidentStatusName(incident.status))) << "): CAP "
          << QString::fromStdString(alert.identifier) << "\n";
    if (posting) {
      std::optional<std::string> refusal = dispatchRefusal(incident);
      if (!refusal) {
        refusal = dispatchUserRefusal(database, parser.value(userOption).toStdString());
      }
      if (refusal) {
        throw InputError("--post", {}, {}, *refusal + " (nothing sent)");
      }
      const QUrl url(parser.value(postOption));
      const WebhookResult result =
          postAndWait(url, body, capContentType(encoding), static_cast<int>(timeout_s * 1000.0));
      if (!result.ok) {
        throw InputError("--post", {}, {}, result.error + " (nothing recorded)");
      }
      const std::int64_t dispatchId = recordCapDispatch(
          database, rowId, parser.value(userOption).toStdString(), alert, url, result);
      err() << "posted: HTTP " << result.http_status << ", recorded as dispatch #" << dispatchId
            << "\n";
    }
    err().flush();
    return kExitOk;
  } catch (const std::exception &error) {
    err() << "salvo-cli cap: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
}

} // namespace

SALVO_CLI_COMMAND("cap", "Export an incident as a CAP 1.2 alert (XML or JSON), optionally POST it",
                  runCap);

} // namespace salvo::cli
