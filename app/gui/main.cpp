// timbrescope: the workbench window.

#include "app/gui/MainWindow.h"
#include "engine/core/ProcessSetup.h"

#include <QApplication>

int main(int argc, char** argv) {
    timbrescope::configureProcess();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Timbrescope"));
    QApplication::setOrganizationName(QStringLiteral("Timbrescope"));
    QApplication::setApplicationVersion(QStringLiteral(TIMBRESCOPE_VERSION));

    timbrescope::gui::MainWindow window;
    window.show();
    // Files named on the command line open at once; the last one stays shown.
    for (const QString& path : QApplication::arguments().mid(1)) window.openFile(path);
    return app.exec();
}
