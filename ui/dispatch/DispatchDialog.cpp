#include "dispatch/DispatchDialog.h"

#include "dispatch/CadWebhook.h"
#include "dispatch/IncidentReportWriter.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <exception>

namespace salvo {

DispatchDialog::DispatchDialog(Database &database, std::int64_t incidentRowId,
                               const QString &userName, QWidget *parent)
    : QDialog(parent), database_(database), incidentRowId_(incidentRowId), userName_(userName),
      settings_(DispatchSettings::load()), webhook_(new CadWebhook(this)) {
  report_ = loadIncidentReport(database_, incidentRowId_);
  if (const std::optional<std::string> refusal =
          dispatchUserRefusal(database_, userName_.toStdString())) {
    userRefusal_ = QString::fromStdString(*refusal);
  }
  setWindowTitle(
      tr("Dispatch incident %1").arg(QString::fromStdString(report_.incident.incident.id)));

  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::PlainText);
  const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  xmlView_ = new QPlainTextEdit(this);
  jsonView_ = new QPlainTextEdit(this);
  for (QPlainTextEdit *view : {xmlView_, jsonView_}) {
    view->setReadOnly(true);
    view->setFont(mono);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
  }
  tabs_ = new QTabWidget(this);
  tabs_->addTab(xmlView_, tr("CAP 1.2 XML"));
  tabs_->addTab(jsonView_, tr("JSON"));
  tabs_->setCurrentIndex(settings_.encoding == CapEncoding::Json ? 1 : 0);

  urlEdit_ = new QLineEdit(settings_.webhook_url.toString(), this);
  urlEdit_->setPlaceholderText(tr("https://cad.example.org/alerts (set in Settings)"));
  auto *form = new QFormLayout;
  form->addRow(tr("CAD webhook:"), urlEdit_);

  status_ = new QLabel(this);
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto *buttons = new QDialogButtonBox(this);
  sendButton_ = buttons->addButton(tr("&Send to dispatch"), QDialogButtonBox::AcceptRole);
  pdfButton_ = buttons->addButton(tr("Export &PDF report…"), QDialogButtonBox::ActionRole);
  buttons->addButton(QDialogButtonBox::Close);
  // Send must not close the dialog: the outcome is shown here.
  disconnect(buttons, &QDialogButtonBox::accepted, this, nullptr);
  connect(sendButton_, &QPushButton::clicked, this, &DispatchDialog::send);
  connect(pdfButton_, &QPushButton::clicked, this, &DispatchDialog::chooseAndExportPdf);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(urlEdit_, &QLineEdit::textChanged, this, &DispatchDialog::updateSendButton);
  connect(tabs_, &QTabWidget::currentChanged, this, &DispatchDialog::updateSendButton);
  connect(webhook_, &CadWebhook::finished, this, &DispatchDialog::onWebhookFinished);

  auto *layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(tabs_, 1);
  layout->addLayout(form);
  layout->addWidget(status_);
  layout->addWidget(buttons);
  resize(760, 640);
  rebuildAlert();
}

DispatchDialog::~DispatchDialog() = default;

void DispatchDialog::rebuildAlert() {
  CapOptions options;
  options.sender = settings_.sender.toStdString();
  options.address = report_.address.toStdString();
  alert_ = capAlertFor(report_.incident, options);
  xmlView_->setPlainText(QString::fromStdString(capAlertXml(alert_)));
  jsonView_->setPlainText(QString::fromStdString(capAlertJson(alert_)));
  summary_->setText(QString::fromStdString(alert_.headline) + QLatin1Char('\n') +
                    QString::fromStdString(alert_.note));
  updateSendButton();
}

void DispatchDialog::setMapImage(const QImage &image) {
  report_.map = image;
}

void DispatchDialog::setWaveformImage(const QImage &image) {
  report_.waveforms = image;
}

void DispatchDialog::setAddress(const QString &address) {
  report_.address = address;
  rebuildAlert();
}

QString DispatchDialog::capXml() const {
  return xmlView_->toPlainText();
}

QString DispatchDialog::capJson() const {
  return jsonView_->toPlainText();
}

QString DispatchDialog::statusText() const {
  return status_->text();
}

bool DispatchDialog::canSend() const {
  return sendButton_->isEnabled();
}

void DispatchDialog::updateSendButton() {
  QString why;
  if (const std::optional<std::string> refusal = dispatchRefusal(report_.incident)) {
    why = QString::fromStdString(*refusal);
  } else if (!userRefusal_.isEmpty()) {
    why = userRefusal_;
  } else if (urlEdit_->text().trimmed().isEmpty()) {
    why = tr("No CAD webhook is configured: enter its URL or set it in Settings.");
  } else if (webhook_->busy()) {
    why = tr("Sending…");
  }
  sendButton_->setEnabled(why.isEmpty());
  sendButton_->setToolTip(why);
  if (!why.isEmpty() && !webhook_->busy() && status_->text().isEmpty()) {
    setStatus(why, false);
  }
}

void DispatchDialog::setStatus(const QString &text, bool error) {
  status_->setText(text);
  status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void DispatchDialog::send() {
  if (!canSend()) {
    emit sendFinished(false, sendButton_->toolTip());
    return;
  }
  const CapEncoding encoding = tabs_->currentIndex() == 1 ? CapEncoding::Json : CapEncoding::Xml;
  setStatus(tr("Sending to %1…").arg(urlEdit_->text().trimmed()), false);
  webhook_->post(QUrl(urlEdit_->text().trimmed()), capBody(alert_, encoding),
                 capContentType(encoding), settings_.timeout_ms);
  updateSendButton();
}

void DispatchDialog::onWebhookFinished(const WebhookResult &result) {
  updateSendButton();
  if (!result.ok) {
    const QString message = tr("Not dispatched: %1").arg(QString::fromStdString(result.error));
    setStatus(message, true);
    emit sendFinished(false, message);
    return;
  }
  try {
    const std::int64_t dispatchId =
        recordCapDispatch(database_, incidentRowId_, userName_.toStdString(), alert_,
                          QUrl(urlEdit_->text().trimmed()), result);
    report_ = loadIncidentReport(database_, incidentRowId_);
    const QString message = tr("Dispatched: the CAD system accepted CAP %1 (HTTP %2).")
                                .arg(QString::fromStdString(alert_.identifier))
                                .arg(result.http_status);
    setStatus(message, false);
    emit sendFinished(true, message);
    emit dispatched(incidentRowId_, dispatchId);
  } catch (const std::exception &error) {
    const QString message =
        tr("The CAD system accepted the alert, but recording the dispatch failed: %1")
            .arg(QString::fromUtf8(error.what()));
    setStatus(message, true);
    emit sendFinished(false, message);
  }
}

bool DispatchDialog::exportPdf(const QString &path) {
  QString error;
  if (!IncidentReportWriter(report_).writePdf(path, &error)) {
    setStatus(error, true);
    return false;
  }
  setStatus(tr("Report written to %1.").arg(path), false);
  return true;
}

void DispatchDialog::chooseAndExportPdf() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export incident report"),
      QStringLiteral("incident-%1.pdf").arg(QString::fromStdString(report_.incident.incident.id)),
      tr("PDF files (*.pdf)"));
  if (!path.isEmpty()) {
    exportPdf(path);
  }
}

} // namespace salvo
