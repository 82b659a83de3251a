#pragma once

#include "dispatch/IncidentReport.h"

#include <QCoreApplication>
#include <QString>

class QPagedPaintDevice;

namespace salvo {

// The printable incident report: summary, map snapshot, waveforms, timeline, reviews,
// dispatches, evidence and the audit records with their hashes, on A4 pages. Renders
// to any paged device: writePdf() for a file, or a QPrinter from a print dialog.
class IncidentReportWriter {
  Q_DECLARE_TR_FUNCTIONS(IncidentReportWriter)

public:
  explicit IncidentReportWriter(IncidentReport report);

  // Writes the PDF at `path` (replacing it). On failure returns false with a sentence in
  // `error` naming the file.
  bool writePdf(const QString &path, QString *error = nullptr) const;
  // Paints every page on `device` (already set up: page size, resolution). Returns the
  // number of pages.
  int render(QPagedPaintDevice &device) const;

  const IncidentReport &report() const { return report_; }

private:
  IncidentReport report_;
};

} // namespace salvo
