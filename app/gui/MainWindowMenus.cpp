// MainWindow: its menus (File, Playback, View, Help) and what only they do: playback, the Help
// texts, the pane notes.

#include "app/gui/MainWindow.h"

#include "app/gui/HelpText.h"
#include "widgets/ActivationView.h"
#include "widgets/SpectrogramView.h"
#include "widgets/WaveformView.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace timbrescope::gui {

void MainWindow::playTrack() { player_.play(0.0, waveform_->durationSeconds()); }

void MainWindow::playSegment() {
    const double length = waveform_->segmentSeconds();
    const int segment = std::max(0, waveform_->selectedSegment());
    player_.play(segment * length, (segment + 1) * length);
}

void MainWindow::playSelection() {
    if (waveform_->hasRangeSelection()) player_.play(waveform_->selectionStart(), waveform_->selectionEnd());
    else statusBar()->showMessage(tr("No range selected: drag across the waveform to select one"));
}

void MainWindow::stopPlayback() { player_.stop(); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Track…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(tr("Open Se&ssion…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::chooseSessionToOpen);
    file->addAction(tr("&Save Session"), QKeySequence::Save, this, [this] { chooseSessionToSave(false); });
    file->addAction(tr("Save Session &As…"), QKeySequence::SaveAs, this, [this] { chooseSessionToSave(true); });
    file->addSeparator();
    recentTracks_ = std::make_unique<RecentList>(file->addMenu(tr("Recent &Tracks")), QStringLiteral("tracks/recent"),
                                                 [this](const QString& path) { openFile(path); });
    file->addAction(tr("Open &Dataset Folder…"), QKeySequence(tr("Ctrl+D")), this, &MainWindow::chooseFolder);
    recentDatasets_ = std::make_unique<RecentList>(file->addMenu(tr("Recent Dataset F&olders")), QStringLiteral("datasets/recent"),
                                                   [this](const QString& path) { openFolder(path); });
    file->addAction(tr("&Generate Dataset…"), this, &MainWindow::chooseDatasetToGenerate);
    file->addAction(tr("Open &Model Run…"), QKeySequence(tr("Ctrl+M")), this, &MainWindow::chooseRun);
    recentRuns_ = std::make_unique<RecentList>(file->addMenu(tr("Recent Model &Runs")), QStringLiteral("models/recent"),
                                               [this](const QString& path) { openModel(path); });
    file->addAction(tr("Open Model &File…"), this, &MainWindow::chooseModelFile);
    file->addAction(tr("Model &Card…"), this, &MainWindow::showModelCard);
    file->addSeparator();
    file->addAction(tr("E&valuate a Run…"), this, &MainWindow::chooseRunToEvaluate);
    file->addAction(tr("&Compare Two Runs…"), this, &MainWindow::chooseRunsToCompare);
    file->addAction(tr("&Train a Model…"), QKeySequence(tr("Ctrl+T")), this, [this] {
        trainingDock_->show();
        trainingDock_->raise();  // it shares its tab bar with Results: bring its tab to the front
    });
    file->addMenu(exportMenu_);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    playbackActions_ << playback->addAction(tr("Play &Track"), QKeySequence(Qt::Key_Space), this, &MainWindow::playTrack)
                     << playback->addAction(tr("Play &Segment"), QKeySequence(tr("Shift+Space")), this, &MainWindow::playSegment)
                     << playback->addAction(tr("Play Se&lection"), QKeySequence(tr("Ctrl+Space")), this, &MainWindow::playSelection)
                     << playback->addAction(tr("S&top"), QKeySequence(Qt::Key_Escape), this, &MainWindow::stopPlayback);
    const QString reason = player_.unavailableReason();
    playback->setToolTipsVisible(true);
    for (QAction* a : playbackActions_) {
        a->setEnabled(reason.isEmpty());
        if (!reason.isEmpty()) a->setToolTip(reason);
    }
    if (!reason.isEmpty()) playback->setToolTip(reason);
    connect(&player_, &TrackPlayer::positionChanged, waveform_, &widgets::WaveformView::setPlayhead);
    connect(&player_, &TrackPlayer::stopped, this, [this] { waveform_->setPlayhead(-1.0); });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto* normalisation = new QActionGroup(this);
    QAction* perLayer = view->addAction(tr("Activations: Normalise per &Layer"));
    QAction* perChannel = view->addAction(tr("Activations: Normalise per &Channel"));
    for (QAction* a : {perLayer, perChannel}) {
        a->setCheckable(true);
        normalisation->addAction(a);
    }
    perLayer->setChecked(true);
    connect(perLayer, &QAction::triggered, this, [this] { activations_->setNormalisation(widgets::ActivationView::Normalisation::PerLayer); });
    connect(perChannel, &QAction::triggered, this, [this] { activations_->setNormalisation(widgets::ActivationView::Normalisation::PerChannel); });
    QAction* decibels = view->addAction(tr("Waveform in &Decibels"));
    decibels->setCheckable(true);
    decibels->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    connect(decibels, &QAction::toggled, this, [this](bool on) {
        waveform_->setAmplitudeScale(on ? widgets::WaveformView::AmplitudeScale::Decibels : widgets::WaveformView::AmplitudeScale::Linear);
    });
    paneHintsAction_ = view->addAction(tr("Pane &Notes"));
    paneHintsAction_->setCheckable(true);
    connect(paneHintsAction_, &QAction::triggered, this, &MainWindow::showPaneHints);
    showPaneHints(!persistent() || QSettings().value("hints/shown", true).toBool());
    QAction* spectrogram = view->addAction(tr("S&pectrogram"));
    spectrogram->setCheckable(true);
    spectrogram->setChecked(true);
    spectrogram->setShortcut(QKeySequence(tr("Ctrl+G")));
    connect(spectrogram, &QAction::toggled, spectrogram_->parentWidget(), &QWidget::setVisible);  // with its note
    view->addSeparator();
    const auto centre = [this] { return waveform_->visibleStart() + waveform_->visibleDuration() / 2; };
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this, [this, centre] { waveform_->zoom(0.5, centre()); });
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this, [this, centre] { waveform_->zoom(2.0, centre()); });
    view->addAction(tr("Zoom to &Selection"), QKeySequence(tr("Ctrl+E")), this, [this] {
        if (!waveform_->zoomToSelection()) statusBar()->showMessage(tr("No range selected: drag across the waveform to select one"));
    });
    view->addAction(tr("&Whole Track"), QKeySequence(tr("Ctrl+0")), this, [this] { waveform_->showAll(); });
    // Every dock, so a closed one can be brought back.
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
    help->addAction(tr("&About Timbrescope"), this, &MainWindow::showAbout);
}

void MainWindow::showPaneHints(bool shown) {
    for (QWidget* h : paneHints_) h->setVisible(shown);
    if (paneHintsAction_) paneHintsAction_->setChecked(shown);
    if (persistent()) QSettings().setValue("hints/shown", shown);
}

void MainWindow::showShortcuts() {
    QList<QMenu*> menus;
    for (QAction* a : menuBar()->actions())
        if (a->menu()) menus << a->menu();
    auto* box = new QMessageBox(QMessageBox::NoIcon, tr("Keyboard shortcuts"), gui::shortcutsHtml(menus), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("shortcuts"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showAbout() {
    auto* box = new QMessageBox(QMessageBox::Information, tr("About Timbrescope"), gui::aboutHtml(), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("about"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace timbrescope::gui
