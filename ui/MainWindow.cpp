#include "MainWindow.h"
namespace salvo {
MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {}
} // namespace salvo
