#pragma once

#include "dispatch/CapDispatch.h"
#include "dispatch/DispatchSettings.h"
#include "dispatch/IncidentReport.h"

#include <QDialog>
#include <QImage>
#include <QString>

#include <cstdint>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace salvo {

class CadWebhook;

// Dispatch of one stored incident: the CAP 1.2 alert as it will be sent (XML and JSON
// tabs), the CAD webhook URL (from DispatchSettings, editable here for this send), Send,
// and "Export PDF…" for the printable incident report.
//
//   DispatchDialog dialog(database, incidentRowId, currentUserName, this);
//   dialog.setMapImage(map->grab().toImage());        // optional
//   dialog.setWaveformImage(review->grab().toImage()); // optional
//   dialog.exec();
//
// Send is enabled only for a confirmed (or already dispatched) incident and a user who
// may dispatch; the POST runs asynchronously; an accepted POST is recorded through
// DispatchStore (dispatches row, incident status dispatched, audit records) and
// dispatched() is emitted. The database must outlive the dialog.
class DispatchDialog : public QDialog {
  Q_OBJECT
public:
  DispatchDialog(Database &database, std::int64_t incidentRowId, const QString &userName,
                 QWidget *parent = nullptr);
  ~DispatchDialog() override;

  void setMapImage(const QImage &image);
  void setWaveformImage(const QImage &image);
  void setAddress(const QString &address); // shown in the CAP area and the report

  QString capXml() const;
  QString capJson() const;
  QString statusText() const;
  bool canSend() const;

  // The report as a PDF at `path`; false (and the reason in the status line) on failure.
  bool exportPdf(const QString &path);

public slots:
  // POSTs the alert to the URL in the field; the outcome arrives in sendFinished().
  void send();

signals:
  void sendFinished(bool ok, const QString &message);
  void dispatched(qint64 incidentRowId, qint64 dispatchId);

private:
  void rebuildAlert();
  void updateSendButton();
  void onWebhookFinished(const WebhookResult &result);
  void chooseAndExportPdf();
  void setStatus(const QString &text, bool error);

  Database &database_;
  std::int64_t incidentRowId_;
  QString userName_;
  DispatchSettings settings_;
  IncidentReport report_;
  CapAlert alert_;
  QString userRefusal_;
  CadWebhook *webhook_ = nullptr;
  QTabWidget *tabs_ = nullptr;
  QPlainTextEdit *xmlView_ = nullptr;
  QPlainTextEdit *jsonView_ = nullptr;
  QLineEdit *urlEdit_ = nullptr;
  QLabel *summary_ = nullptr;
  QLabel *status_ = nullptr;
  QPushButton *sendButton_ = nullptr;
  QPushButton *pdfButton_ = nullptr;
};

} // namespace salvo
