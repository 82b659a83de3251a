#include "MainWindow.h"
#include <QApplication>
int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  salvo::MainWindow window;
  window.show();
  return QApplication::exec();
}
