#include "app/gui/MainWindow.h"

#include "app/gui/Assets.h"
#include "app/gui/RunComparison.h"
#include "engine/core/Error.h"
#include "engine/train/Device.h"
#include "widgets/ActivationView.h"
#include "widgets/CoOccurrenceView.h"
#include "widgets/F1ComparisonChart.h"
#include "widgets/PaneHint.h"
#include "widgets/PredictionView.h"
#include "widgets/ResultsTable.h"
#include "widgets/SpectrogramView.h"
#include "widgets/TrackList.h"
#include "widgets/TrainingPanel.h"
#include "widgets/WaveformView.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace timbrescope::gui {
namespace {

const char* kAudioFilter = "Audio and video files (*.wav *.flac *.ogg *.oga *.opus *.mp3 *.aif *.aiff *.au *.w64 *.caf *.m4a *.aac "
                           "*.wma *.webm *.mp4 *.mkv *.mov *.avi);;All files (*)";

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    qRegisterMetaType<TrackSummary>();
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<widgets::PredictionData>();
    qRegisterMetaType<widgets::ActivationMaps>();
    setWindowTitle(tr("Timbrescope"));
    setAcceptDrops(true);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    // No side margins: the waveform and the heat map under it then share one time axis, pixel
    // for pixel (widgets/TimeAxis.h); the labels keep their own indent.
    topLayout->setContentsMargins(0, 6, 0, 0);
    title_ = new QLabel(tr("No track loaded"), top);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    details_ = new QLabel(tr("Open a WAV, FLAC, OGG or MP3 file to see it as the models hear it: mono, 22 050 Hz, 1-s segments."), top);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setWordWrap(true);
    waveform_ = new widgets::WaveformView(top);
    title_->setContentsMargins(8, 0, 8, 0);
    details_->setContentsMargins(8, 0, 8, 0);
    // First-look notes, one per pane, dismissed all at once (View ▸ Pane Notes brings them back).
    const auto hint = [this](QWidget* parent, const QString& text) {
        auto* h = new widgets::PaneHint(text, parent);
        paneHints_ << h;
        connect(h, &widgets::PaneHint::dismissed, this, [this] { showPaneHints(false); });
        return h;
    };
    const auto withHint = [this, hint](QWidget* pane, const QString& text) {
        auto* box = new QWidget(this);
        auto* layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        layout->addWidget(hint(box, text));
        layout->addWidget(pane, 1);
        return box;
    };
    topLayout->addWidget(title_);
    topLayout->addWidget(details_);
    topLayout->addWidget(hint(top, tr("Waveform: the track as the models hear it (mono, 22 050 Hz); dashed lines cut it into the 1-s "
                                       "segments they classify. Click a segment, drag a range, wheel to zoom.")));
    topLayout->addWidget(waveform_, 1);

    predictions_ = new widgets::PredictionView(this);
    spectrogram_ = new widgets::SpectrogramView(this);
    activations_ = new widgets::ActivationView(this);
    auto* activationScroll = new QScrollArea(this);
    activationScroll->setWidget(activations_);
    activationScroll->setWidgetResizable(true);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(withHint(spectrogram_, tr("Spectrogram: the constant-Q picture the CQT baseline classifies, a row per semitone "
                                                  "from C1 upwards; brighter is louder.")));
    splitter->addWidget(withHint(predictions_, tr("Predictions: each instrument's probability per segment (brighter: more likely) and "
                                                  "for the whole track (bars; red line: its threshold; dark bars: heard; ✓: labelled).")));
    splitter->addWidget(withHint(activationScroll, tr("Activations of the selected segment, layer by layer (the paper's Figure 1): "
                                                      "\"cell1 16 × 7350\" is 16 channels over 7 350 time steps; brighter is stronger.")));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 3);
    splitter->setStretchFactor(3, 4);
    setCentralWidget(splitter);

    auto* results = new QTabWidget(this);
    auto* overview = new QWidget(results);
    auto* overviewLayout = new QVBoxLayout(overview);
    comparison_ = new widgets::F1ComparisonChart(overview);
    results_ = new widgets::ResultsTable(overview);
    // The two views report different aggregates of the same folds: say which, in view.
    auto* tableCaption = new QLabel(tr("Table: fold mean ± std over the fold models (the paper's reporting); "
                                       "bars above: the fold ensemble's F1."),
                                    overview);
    tableCaption->setWordWrap(true);
    tableCaption->setObjectName(QStringLiteral("resultsCaption"));
    overviewLayout->addWidget(hint(overview, tr("F1: how often a model is right about an instrument on a test set (1 = always); "
                                                "LRAP: how well it ranks the instruments really playing above the others (1 = perfectly).")));
    overviewLayout->addWidget(comparison_, 3);
    overviewLayout->addWidget(tableCaption);
    overviewLayout->addWidget(results_, 1);
    coOccurrence_ = new widgets::CoOccurrenceView(results);
    results->addTab(overview, tr("F1 per instrument"));
    results->addTab(coOccurrence_, tr("Heard as"));
    comparisonDock_ = new QDockWidget(tr("Results"), this);
    comparisonDock_->setObjectName(QStringLiteral("comparison"));
    comparisonDock_->setWidget(results);
    addDockWidget(Qt::RightDockWidgetArea, comparisonDock_);
    comparisonDock_->hide();

    tracks_ = new widgets::TrackList(this);
    auto* tracksDock = new QDockWidget(tr("Tracks"), this);
    tracksDock->setObjectName(QStringLiteral("tracks"));
    tracksDock->setWidget(tracks_);
    addDockWidget(Qt::LeftDockWidgetArea, tracksDock);
    tracksDock->hide();
    connect(tracks_, &widgets::TrackList::trackActivated, this, &MainWindow::openFile);

    training_ = new widgets::TrainingPanel(this);
    trainingDock_ = new QDockWidget(tr("Training"), this);
    trainingDock_->setObjectName(QStringLiteral("training"));
    trainingDock_->setWidget(training_);
    addDockWidget(Qt::RightDockWidgetArea, trainingDock_);
    tabifyDockWidget(comparisonDock_, trainingDock_);  // share the right side instead of squeezing each other
    trainingDock_->hide();
    registerExports();

    predictionProgress_ = new QProgressBar(this);
    predictionProgress_->setRange(0, 100);
    predictionProgress_->setMaximumWidth(160);
    predictionProgress_->setFormat(tr("predicting %p %"));
    predictionProgress_->hide();
    statusBar()->addPermanentWidget(predictionProgress_);
    jobLabel_ = new QLabel(tr("CPU · idle"), this);
    statusBar()->addPermanentWidget(jobLabel_);
    modelLabel_ = new QLabel(tr("No model"), this);
    statusBar()->addPermanentWidget(modelLabel_);
    statusBar()->showMessage(tr("Ready"));
    buildMenus();

    worker_ = new EngineWorker;
    worker_->moveToThread(&engineThread_);
    connect(&engineThread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &EngineWorker::trackAnalyzed, this, &MainWindow::showTrack);
    connect(worker_, &EngineWorker::modelLoaded, this, &MainWindow::showModel);
    connect(worker_, &EngineWorker::predictionProgress, this, [this](int request, const widgets::PredictionData& soFar) {
        if (request != trackRequest_ || request != shownRequest_) return;
        predictions_->setData(soFar);
        predictionProgress_->setValue(int(soFar.progress * 100));
        predictionProgress_->show();
        statusBar()->showMessage(soFar.verdict);
    });
    qRegisterMetaType<widgets::SpectrogramData>();
    connect(worker_, &EngineWorker::spectrogramReady, this, [this](int request, const widgets::SpectrogramData& spectrogram) {
        if (request == trackRequest_) spectrogram_->setData(spectrogram);
    });
    connect(worker_, &EngineWorker::failed, this, &MainWindow::showFailure);
    qRegisterMetaType<widgets::DatasetListing>();
    connect(worker_, &EngineWorker::folderScanned, this, [this, tracksDock](const widgets::DatasetListing& listing) {
        tracks_->setListing(listing);
        tracksDock->show();
        training_->setDataDir(listing.root);
        recentDatasets_->remember(listing.root);
        statusBar()->showMessage(tr("%1: %2 tracks, %3 warnings").arg(listing.root).arg(listing.tracks.size()).arg(listing.warnings.size()));
        Q_EMIT folderListed(listing.root);
    });
    connect(worker_, &EngineWorker::activationsReady, this, [this](int segment, const widgets::ActivationMaps& maps, const QString& caption) {
        activations_->setMaps(maps, caption);
        Q_EMIT activationsShown(segment);
    });
    engineThread_.setObjectName(QStringLiteral("engine"));
    engineThread_.start();

    qRegisterMetaType<widgets::TrainingRequest>();
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<std::vector<widgets::ArchitectureChoice>>();
    qRegisterMetaType<std::vector<widgets::DeviceChoice>>();
    jobs_ = new JobWorker;
    jobs_->moveToThread(&jobThread_);
    connect(&jobThread_, &QThread::finished, jobs_, &QObject::deleteLater);
    connect(jobs_, &JobWorker::architecturesReady, this,
            [this](const std::vector<widgets::ArchitectureChoice>& a, const std::vector<widgets::DeviceChoice>& d) {
                training_->setArchitectures(a);
                training_->setDevices(d);
                training_->setBf16Unavailable(QString::fromStdString(train::bf16TrainingUnavailable(c10::Device(c10::kCPU))));
                // The list arrives after the window is built: select the remembered choices now.
                widgets::TrainingRequest shown = training_->isRunning() ? lastRequest_ : training_->request();
                shown.architecture = lastRequest_.architecture.isEmpty() ? QStringLiteral("rfcn") : lastRequest_.architecture;
                shown.device = lastRequest_.device.isEmpty() ? QStringLiteral("cpu") : lastRequest_.device;
                training_->setRequest(shown);
            });
    connect(jobs_, &JobWorker::progress, this, &MainWindow::showTrainingProgress);
    connect(jobs_, &JobWorker::trainingEnded, this, [this](const QString& run, const QString& status, const QString& message) {
        jobLabel_->setText(tr("CPU · idle"));
        training_->setRunning(false);
        training_->showEnded(status, run);
        training_->log(message);
        statusBar()->showMessage(message);
        Q_EMIT trainingEnded(run, status, message);
    });
    connect(jobs_, &JobWorker::generationProgress, this, [this](int done, int total) {
        statusBar()->showMessage(tr("Generating the dataset: %1 of %2 files").arg(done).arg(total));
    });
    connect(jobs_, &JobWorker::datasetGenerated, this, [this](const QString& folder, const QString& error) {
        jobLabel_->setText(tr("CPU · idle"));
        if (!error.isEmpty()) showFailure(QStringLiteral("generation"), folder, error);
        else openFolder(folder);
    });
    connect(jobs_, &JobWorker::evaluated, this, [this](const QString& run, const QString& summary, const QString& error) {
        jobLabel_->setText(tr("CPU · idle"));
        if (!error.isEmpty()) {
            showFailure(QStringLiteral("evaluation"), run, error);
            return;
        }
        statusBar()->showMessage(summary);
        training_->log(summary);
        Q_EMIT runEvaluated(run, summary);
    });
    connect(training_, &widgets::TrainingPanel::startRequested, this, &MainWindow::startTraining);
    connect(training_, &widgets::TrainingPanel::resumeRequested, this, &MainWindow::resumeTraining);
    connect(training_, &widgets::TrainingPanel::stopRequested, this, &MainWindow::stopTraining);
    connect(training_, &widgets::TrainingPanel::openRunRequested, this, &MainWindow::openModel);
    connect(training_, &widgets::TrainingPanel::evaluateRunRequested, this, [this](const QString& run) {
        const QString test = QFileDialog::getExistingDirectory(this, tr("Test folder to evaluate %1 on").arg(QFileInfo(run).fileName()),
                                                               lastFolder("datasets"));
        if (!test.isEmpty()) evaluateRun(run, test);
    });
    connect(training_, &widgets::TrainingPanel::compareRunRequested, this, [this](const QString& run) {
        const QString other = QFileDialog::getExistingDirectory(this, tr("Evaluated run to compare %1 with").arg(QFileInfo(run).fileName()),
                                                                runsFolder());
        if (!other.isEmpty()) compareRuns(run, other);
    });
    jobThread_.setObjectName(QStringLiteral("jobs"));
    jobThread_.start();
    QMetaObject::invokeMethod(jobs_, "describeArchitectures", Qt::QueuedConnection);

    connect(waveform_, &widgets::WaveformView::segmentSelected, this, &MainWindow::selectSegment);
    connect(predictions_, &widgets::PredictionView::segmentClicked, this, [this](int s) { waveform_->setSelectedSegment(s); });
    connect(waveform_, &widgets::WaveformView::visibleRangeChanged, predictions_, &widgets::PredictionView::setVisibleRange);
    connect(waveform_, &widgets::WaveformView::visibleRangeChanged, spectrogram_, &widgets::SpectrogramView::setVisibleRange);
    connect(this, &MainWindow::trackLoaded, this, &MainWindow::restorePendingView);
    connect(activations_, &widgets::ActivationView::hovered, this, [this](const QString& text) { statusBar()->showMessage(text); });
    placeOnScreen();
    restoreSettings();
}

MainWindow::~MainWindow() {
    // A running job stops within one batch; its completed epochs are already on disk.
    jobs_->requestStop();
    jobThread_.quit();
    jobThread_.wait();
    engineThread_.quit();
    engineThread_.wait();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    if (jobs_->busy()) {
        statusBar()->showMessage(tr("Stopping training; completed epochs are kept…"));
        jobs_->requestStop();
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::placeOnScreen() {
    // There may be no window manager to size or place us: do it ourselves.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    const QSize size(std::min(1500, available.width() - 40), std::min(940, available.height() - 40));
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open audio file"), lastFolder("tracks"), tr(kAudioFilter));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::chooseRun() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open a training run folder"), runsFolder());
    if (!path.isEmpty()) openModel(path);
}

void MainWindow::chooseModelFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a model file"), runsFolder(), tr("Models (*.pt);;All files (*)"));
    if (!path.isEmpty()) openModel(path);
}

void MainWindow::showModelCard() {
    const QString text = modelCard_.isEmpty() ? tr("No model is open (File ▸ Open Model Run).") : modelCard_.join('\n');
    auto* box = new QMessageBox(QMessageBox::Information, tr("Model card"), text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::chooseFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a dataset folder (IRMAS layout)"), lastFolder("datasets"));
    if (!folder.isEmpty()) openFolder(folder);
}

void MainWindow::openFolder(const QString& folder) {
    if (persistent()) QSettings().setValue("folders/datasets", folder);
    statusBar()->showMessage(tr("Reading %1…").arg(folder));
    QMetaObject::invokeMethod(worker_, "scanFolder", Qt::QueuedConnection, Q_ARG(QString, folder));
}

void MainWindow::chooseRunsToCompare() {
    const QString a = QFileDialog::getExistingDirectory(this, tr("First evaluated run (e.g. a raw-waveform model)"), runsFolder());
    if (a.isEmpty()) return;
    const QString b = QFileDialog::getExistingDirectory(this, tr("Second evaluated run (e.g. the CQT baseline)"),
                                                     QFileInfo(a).absolutePath());
    if (!b.isEmpty()) compareRuns(a, b);
}

bool MainWindow::compareRuns(const QString& runA, const QString& runB) {
    try {
        comparison_->setComparison(gui::compareRuns(runA, runB));
        results_->setRows(gui::resultsRows(runA, runB, assetPath(QStringLiteral("paper/results.json"))));
        coOccurrence_->setMatrix(comparison_->comparison().classes, gui::coOccurrence(runA),
                                 tr("%1: rows = labelled instrument, columns = predicted (test excerpts)").arg(comparison_->comparison().nameA));
    } catch (const Error& e) {
        showFailure(QStringLiteral("comparison"), QString::fromStdString(e.subject()), QString::fromUtf8(e.what()));
        return false;
    }
    comparedRuns_ = {runA, runB};
    comparisonDock_->show();
    comparisonDock_->raise();
    statusBar()->showMessage(tr("Comparing %1 with %2").arg(runA, runB));
    return true;
}

void MainWindow::openFile(const QString& path) {
    const int request = ++trackRequest_;
    worker_->setLatestTrackRequest(request);
    statusBar()->showMessage(tr("Loading %1…").arg(path));
    tracks_->addOpened(path);  // every opened file stays in the list, even one superseded by the next
    if (auto* dock = qobject_cast<QDockWidget*>(tracks_->parentWidget())) dock->show();
    QMetaObject::invokeMethod(worker_, "analyzeTrack", Qt::QueuedConnection, Q_ARG(QString, path), Q_ARG(int, request));
}

void MainWindow::openModel(const QString& path) {
    modelRequested_ = true;
    statusBar()->showMessage(tr("Loading model %1…").arg(path));
    QMetaObject::invokeMethod(worker_, "loadModel", Qt::QueuedConnection, Q_ARG(QString, path));
}

void MainWindow::showModel(const ModelSummary& model) {
    modelPath_ = model.path;
    // The next run dialog starts beside this run (the bundled models' folder for a bundled one).
    if (persistent() && !model.path.isEmpty()) QSettings().setValue("folders/runs", QFileInfo(model.path).absolutePath());
    recentRuns_->remember(model.path);
    modelLabel_->setText(tr("Model: %1").arg(model.description));
    modelCard_ = model.card;
    modelLabel_->setToolTip(model.card.join('\n'));
    statusBar()->showMessage(tr("Loaded model %1").arg(model.path));
    Q_EMIT modelLoaded(model.path);
    if (!currentPath_.isEmpty()) openFile(currentPath_);  // predict the shown track with it
}

void MainWindow::showTrack(int request, const TrackSummary& summary, const widgets::PredictionData& prediction) {
    if (request != trackRequest_) return;  // a newer request superseded this one
    if (prediction.pending.isEmpty()) predictionProgress_->hide();
    if (request == shownRequest_) {  // a long track's probabilities, after the track itself
        predictions_->setData(prediction);
        predictions_->setSelectedSegment(waveform_->selectedSegment());
        statusBar()->showMessage(tr("Predicted %1").arg(summary.path));
        Q_EMIT trackLoaded(summary.path);
        if (waveform_->selectedSegment() < 0 && summary.segments > 0) waveform_->setSelectedSegment(0);
        return;
    }
    shownRequest_ = request;
    currentPath_ = summary.path;
    const QString name = QFileInfo(summary.path).fileName();
    setWindowTitle(tr("%1 — Timbrescope").arg(name));
    title_->setText(name);
    details_->setText(summary.description +
                      (summary.warnings.isEmpty() ? QString() : QStringLiteral("\nWarning: ") + summary.warnings.join(QStringLiteral("; "))));
    waveform_->setSummary(summary.waveform, summary.sampleRate, summary.segmentSeconds);
    player_.setSignal(summary.mono, summary.sampleRate);
    predictions_->setData(prediction);
    activations_->clear();
    widgets::SpectrogramData computing;
    computing.pending = tr("Computing the constant-Q spectrogram…");
    spectrogram_->setData(computing);
    statusBar()->showMessage(prediction.pending.isEmpty() ? tr("Loaded %1").arg(summary.path) : prediction.pending);
    recentTracks_->remember(summary.path);
    tracks_->addOpened(summary.path, summary.sampleRate > 0 && summary.mono ? double(summary.mono->size()) / summary.sampleRate : -1.0);
    if (persistent()) QSettings().setValue("folders/tracks", QFileInfo(summary.path).absolutePath());
    if (!prediction.pending.isEmpty()) return;  // trackLoaded once the probabilities are in
    Q_EMIT trackLoaded(summary.path);
    if (!prediction.classes.isEmpty() && summary.segments > 0) waveform_->setSelectedSegment(0);
}

void MainWindow::selectSegment(int segment) {
    predictions_->setSelectedSegment(segment);
    statusBar()->showMessage(tr("Segment %1 selected (%2–%3 s)").arg(segment + 1).arg(segment).arg(segment + 1));
    if (!modelPath_.isEmpty()) QMetaObject::invokeMethod(worker_, "computeActivations", Qt::QueuedConnection, Q_ARG(int, segment));
}

void MainWindow::showFailure(const QString& what, const QString& path, const QString& message) {
    Q_UNUSED(what);
    statusBar()->showMessage(message);
    tracks_->removeOpened(path);  // a file that did not open is not a track of the session
    if (!currentPath_.isEmpty()) tracks_->setCurrent(currentPath_);
    // Non-blocking, so a failure never stalls the window (or a test driving it).
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    Q_EMIT loadFailed(path, message);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (!url.isLocalFile()) continue;
        const QString path = url.toLocalFile();
        const QFileInfo info(path);
        if (info.isDir() || info.suffix() == QLatin1String("pt")) openModel(path);
        else if (info.suffix() == kSessionSuffix) openSession(path);
        else openFile(path);
        event->acceptProposedAction();
        return;
    }
}

} // namespace timbrescope::gui
