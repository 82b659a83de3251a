#pragma once
#include <QMainWindow>
namespace salvo {
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget *parent = nullptr);
};
} // namespace salvo
