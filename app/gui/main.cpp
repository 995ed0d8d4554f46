// timbrescope: the workbench window.

#include "app/gui/MainWindow.h"
#include "app/gui/RunComparison.h"
#include "app/gui/StallMeter.h"
#include "widgets/TrackList.h"
#include "widgets/TrainingPanel.h"
#include "engine/core/ProcessSetup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <optional>

namespace {

// --help, --version and --export-comparison open no window: they must work without a display
// (over ssh, in a script), so they get Qt's offscreen platform unless the user chose one.
bool opensNoWindow(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--help" || a == "-h" || a == "-?" || a == "--help-all" || a == "--version" || a == "-v" ||
            a == "--export-comparison" || a.startsWith("--export-comparison="))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    timbrescope::configureProcess();
    if (opensNoWindow(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
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
    const QCommandLineOption exportComparison(QStringLiteral("export-comparison"),
                                              QStringLiteral("Without a window: write the per-instrument F1 chart of two evaluated runs "
                                                             "(the run given here and the first file argument) to --out."),
                                              QStringLiteral("run"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Where --export-comparison writes (.png, .svg, .pdf, .csv, .json)."),
                                 QStringLiteral("file"));
    parser.addOption(exportComparison);
    const QCommandLineOption compare(QStringLiteral("compare"), QStringLiteral("Show the per-instrument F1 of two evaluated runs (give it twice)."),
                                     QStringLiteral("run"));
    parser.addOption(compare);
    const QCommandLineOption trainArch(QStringLiteral("train-arch"), QStringLiteral("Start training this architecture at once (with --train-data and --train-out)."), QStringLiteral("name"));
    const QCommandLineOption trainData(QStringLiteral("train-data"), QStringLiteral("The dataset folder for the training panel."), QStringLiteral("dir"));
    const QCommandLineOption trainOut(QStringLiteral("train-out"), QStringLiteral("The run folder for the training panel."), QStringLiteral("dir"));
    const QCommandLineOption trainEpochs(QStringLiteral("train-epochs"), QStringLiteral("Epochs per fold for --train-arch (default 100)."), QStringLiteral("n"));
    for (const auto& o : {trainArch, trainData, trainOut, trainEpochs}) parser.addOption(o);
    const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("A dataset folder to list in the track list."), QStringLiteral("dir"));
    parser.addOption(dataset);
    const QCommandLineOption stallReport(QStringLiteral("stall-report"),
                                         QStringLiteral("Benchmark: after N seconds, print the event loop's longest stall (ms) and quit."),
                                         QStringLiteral("seconds"));
    parser.addOption(stallReport);
    const QCommandLineOption cycleTracks(QStringLiteral("cycle-tracks"),
                                         QStringLiteral("Benchmark: open the next track of the track list every N seconds, as a user "
                                                        "clicking through a dataset would."),
                                         QStringLiteral("seconds"));
    parser.addOption(cycleTracks);
    parser.addOption(out);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Audio files to open (the last one is shown), or a saved session (.timbrescope)."),
                                 QStringLiteral("[files...]"));
    parser.process(app);

    // A number option out of range is an error naming it, not a silent default.
    auto number = [&](const QCommandLineOption& option, double min, double max, bool whole) -> std::optional<double> {
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (ok && value >= min && value <= max && (!whole || value == std::floor(value))) return value;
        std::fprintf(stderr, "error: --%s: '%s' is not a %s from %g to %g\n", qPrintable(option.names().front()),
                     qPrintable(parser.value(option)), whole ? "whole number" : "number", min, max);
        return std::nullopt;
    };
    std::optional<double> epochs = 100.0, reportAfter, cycleEvery;
    if (parser.isSet(trainEpochs) && !(epochs = number(trainEpochs, 1, 100000, true))) return 2;
    if (parser.isSet(stallReport) && !(reportAfter = number(stallReport, 0.1, 86400, false))) return 2;
    if (parser.isSet(cycleTracks) && !(cycleEvery = number(cycleTracks, 0.05, 86400, false))) return 2;

    if (parser.isSet(exportComparison)) {
        // Headless: `timbrescope --export-comparison RUN_A RUN_B --out chart.svg` (offscreen, see opensNoWindow).
        const QStringList rest = parser.positionalArguments();
        if (rest.size() != 1 || !parser.isSet(out)) {
            std::fprintf(stderr, "error: usage: timbrescope --export-comparison RUN_A RUN_B --out FILE\n");
            return 2;
        }
        const QString error = timbrescope::gui::exportComparison(parser.value(exportComparison), rest.front(), parser.value(out));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }

    timbrescope::gui::MainWindow window;
    window.show();
    if (parser.isSet(model)) window.openModel(parser.value(model));
    if (parser.isSet(dataset)) window.openFolder(parser.value(dataset));
    if (const QStringList runs = parser.values(compare); runs.size() == 2) window.compareRuns(runs[0], runs[1]);
    if (parser.isSet(trainArch) && parser.isSet(trainData) && parser.isSet(trainOut)) {
        timbrescope::widgets::TrainingRequest request;
        request.architecture = parser.value(trainArch);
        request.dataDir = parser.value(trainData);
        request.runDir = parser.value(trainOut);
        request.device = QStringLiteral("cpu");
        request.epochs = static_cast<int>(*epochs);
        window.startTraining(request);
    }
    bool session = false;  // a session brings its own model and comparison
    for (const QString& path : parser.positionalArguments()) {
        if (QFileInfo(path).suffix() == timbrescope::gui::kSessionSuffix) {
            window.openSession(path);
            session = true;
        } else {
            window.openFile(path);
        }
    }
    // Started with nothing to open (the first launch, `scripts/run`): show real results at once.
    const bool training = parser.isSet(trainArch);
    window.openBundledDefaults(!window.modelRequested(), parser.positionalArguments().isEmpty() && !parser.isSet(dataset) && !training,
                               !parser.isSet(compare) && !training && !session);
    QTimer cycle;
    std::size_t opened = 0;
    if (cycleEvery) {
        QObject::connect(&cycle, &QTimer::timeout, &window, [&] {
            const auto& tracks = window.trackList()->listing().tracks;
            if (!tracks.empty()) window.openFile(tracks[opened++ % tracks.size()].path);
        });
        cycle.start(int(*cycleEvery * 1000));
    }
    timbrescope::gui::StallMeter stalls;
    if (parser.isSet(stallReport)) {
        stalls.start();
        QTimer::singleShot(int(*reportAfter * 1000), &app, [&] {
            if (cycleEvery) std::printf("tracks opened: %zu\n", opened);
            std::printf("event loop: %zu ticks of 5 ms; longest stall %.1f ms, 99th percentile %.1f ms, median %.1f ms\n",
                        stalls.ticks(), stalls.longestMs(), stalls.percentileMs(99), stalls.percentileMs(50));
            std::fflush(stdout);
            window.close();
            app.quit();
        });
    }
    return app.exec();
}
