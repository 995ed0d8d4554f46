#include "app/gui/MainWindow.h"

#include "engine/core/Error.h"
#include "widgets/WaveformView.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace timbrescope::gui {
namespace {

// What a background load hands back: the track, or why there is none.
struct LoadResult {
    TrackSummary summary;
    QString error;
};

const char* kAudioFilter = "Audio files (*.wav *.flac *.ogg *.oga *.mp3 *.aif *.aiff *.au *.w64 *.caf);;All files (*)";

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Timbrescope"));
    setAcceptDrops(true);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    title_ = new QLabel(tr("No track loaded"), central);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    details_ = new QLabel(tr("Open a WAV, FLAC, OGG or MP3 file to see it as the models hear it: mono, 22 050 Hz, 1-s segments."), central);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setWordWrap(true);
    waveform_ = new widgets::WaveformView(central);
    layout->addWidget(title_);
    layout->addWidget(details_);
    layout->addWidget(waveform_, 1);
    setCentralWidget(central);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    connect(waveform_, &widgets::WaveformView::segmentSelected, this, [this](int index) {
        statusBar()->showMessage(tr("Segment %1 selected (%2–%3 s)").arg(index + 1).arg(index).arg(index + 1));
    });
    statusBar()->showMessage(tr("Ready"));
    placeOnScreen();
}

void MainWindow::placeOnScreen() {
    // There may be no window manager to size or place us: do it ourselves.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
    const QSize size(std::min(1400, available.width() - 40), std::min(860, available.height() - 40));
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open audio file"), QString(), tr(kAudioFilter));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openFile(const QString& path) {
    const int generation = ++loadGeneration_;
    statusBar()->showMessage(tr("Loading %1…").arg(path));
    auto* watcher = new QFutureWatcher<LoadResult>(this);
    connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher, generation, path] {
        const LoadResult result = watcher->result();
        watcher->deleteLater();
        if (generation != loadGeneration_) return;  // a newer request superseded this one
        if (result.error.isEmpty())
            showTrack(result.summary);
        else
            showError(path, result.error);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        LoadResult result;
        try {
            result.summary = summarizeTrack(path);
        } catch (const Error& e) {
            result.error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            result.error = path + QStringLiteral(": ") + QString::fromUtf8(e.what());
        }
        return result;
    }));
}

void MainWindow::showTrack(const TrackSummary& summary) {
    currentPath_ = summary.path;
    const QString name = QFileInfo(summary.path).fileName();
    setWindowTitle(tr("%1 — Timbrescope").arg(name));
    title_->setText(name);
    details_->setText(summary.description +
                      (summary.warnings.isEmpty() ? QString() : QStringLiteral("\nWarning: ") + summary.warnings.join(QStringLiteral("; "))));
    waveform_->setSignal(summary.mono, summary.sampleRate, summary.segmentSeconds);
    statusBar()->showMessage(tr("Loaded %1").arg(summary.path));
    Q_EMIT trackLoaded(summary.path);
}

void MainWindow::showError(const QString& path, const QString& message) {
    statusBar()->showMessage(message);
    // Non-blocking, so a failed load never stalls the window (or a test driving it).
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open file"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    Q_EMIT loadFailed(path, message);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            openFile(url.toLocalFile());
            event->acceptProposedAction();
            return;
        }
    }
}

} // namespace timbrescope::gui
