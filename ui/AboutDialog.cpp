#include "AboutDialog.h"

#include "SalvoVersion.h"
#include "platform/LibraryVersions.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QTextDocument>
#include <QVBoxLayout>

namespace salvo {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent) {
  setWindowTitle(tr("About Salvo"));

  auto *iconLabel = new QLabel(this);
  iconLabel->setPixmap(QIcon(QStringLiteral(":/salvo/salvo.svg")).pixmap(72, 72));
  iconLabel->setAlignment(Qt::AlignTop | Qt::AlignHCenter);

  QString libraries;
  for (const auto &[library, version] : libraryVersions()) {
    libraries += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>")
                     .arg(QString::fromStdString(library).toHtmlEscaped(),
                          QString::fromStdString(version).toHtmlEscaped());
  }
  const QString html =
      QStringLiteral("<h2>Salvo %1</h2><p>%2</p><p><b>%3</b></p><table>%4</table>")
          .arg(QStringLiteral(SALVO_VERSION_STRING),
               tr("Detects, locates and classifies gunfire from a network of outdoor "
                  "acoustic sensors."),
               tr("Libraries in use:"), libraries);
  textLabel_ = new QLabel(html, this);
  textLabel_->setTextFormat(Qt::RichText);
  textLabel_->setWordWrap(true);
  textLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  textLabel_->setMinimumWidth(360);

  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto *content = new QHBoxLayout;
  content->addWidget(iconLabel);
  content->addSpacing(12);
  content->addWidget(textLabel_, 1);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(content);
  layout->addWidget(buttons);
  layout->setSizeConstraint(QLayout::SetFixedSize);
}

QString AboutDialog::plainText() const {
  QTextDocument document;
  document.setHtml(textLabel_->text());
  return document.toPlainText();
}

} // namespace salvo
