// timbrescope: the workbench window.

#include "app/gui/MainWindow.h"
#include "engine/core/ProcessSetup.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    timbrescope::configureProcess();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Timbrescope"));
    QApplication::setOrganizationName(QStringLiteral("Timbrescope"));
    QApplication::setApplicationVersion(QStringLiteral(TIMBRESCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Look inside instrument recognition: waveforms, activations, predictions."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("A training run folder or model file to load."), QStringLiteral("path"));
    parser.addOption(model);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files to open (the last one is shown)."), QStringLiteral("[files...]"));
    parser.process(app);

    timbrescope::gui::MainWindow window;
    window.show();
    if (parser.isSet(model)) window.openModel(parser.value(model));
    for (const QString& path : parser.positionalArguments()) window.openFile(path);
    return app.exec();
}
