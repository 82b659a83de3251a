#include "dispatch/DispatchSettings.h"

#include <QSettings>

namespace salvo {
namespace {

const QString kUrlKey = QStringLiteral("dispatch/cadWebhookUrl");
const QString kFormatKey = QStringLiteral("dispatch/format");
const QString kSenderKey = QStringLiteral("dispatch/capSender");
const QString kTimeoutKey = QStringLiteral("dispatch/timeoutMs");

} // namespace

DispatchSettings DispatchSettings::load() {
  const QSettings settings;
  DispatchSettings loaded;
  loaded.webhook_url = QUrl(settings.value(kUrlKey).toString());
  loaded.encoding = settings.value(kFormatKey).toString() == QLatin1String("json")
                        ? CapEncoding::Json
                        : CapEncoding::Xml;
  loaded.sender = settings.value(kSenderKey, loaded.sender).toString();
  const int timeout_ms = settings.value(kTimeoutKey, loaded.timeout_ms).toInt();
  loaded.timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
  return loaded;
}

void DispatchSettings::save() const {
  QSettings settings;
  settings.setValue(kUrlKey, webhook_url.toString());
  settings.setValue(kFormatKey,
                    encoding == CapEncoding::Json ? QStringLiteral("json") : QStringLiteral("xml"));
  settings.setValue(kSenderKey, sender);
  settings.setValue(kTimeoutKey, timeout_ms);
}

} // namespace salvo
