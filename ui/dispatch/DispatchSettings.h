#pragma once

#include "dispatch/CapDispatch.h"

#include <QString>
#include <QUrl>

namespace salvo {

// Where and how confirmed incidents are dispatched; QSettings keys "dispatch/...". An
// admin sets them in the settings; the dispatch dialog reads them.
struct DispatchSettings {
  QUrl webhook_url;                                   // dispatch/cadWebhookUrl; empty: no webhook
  CapEncoding encoding = CapEncoding::Xml;            // dispatch/format: "xml" or "json"
  QString sender = QStringLiteral("salvo@localhost"); // dispatch/capSender
  int timeout_ms = 10000;                             // dispatch/timeoutMs

  static DispatchSettings load();
  void save() const;
};

} // namespace salvo
