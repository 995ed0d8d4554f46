// MainWindow: the workbench's state saved as one session file and reopened (app/gui/Session.h).

#include "app/gui/MainWindow.h"

#include "app/gui/Session.h"
#include "engine/core/Error.h"
#include "widgets/TrackList.h"
#include "widgets/WaveformView.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace timbrescope::gui {

Session MainWindow::currentSession() const {
    Session s;
    s.tracks = tracks_->openedPaths();
    s.currentTrack = currentPath_;
    s.model = modelPath_;
    s.dataset = tracks_->listing().root;
    s.compareA = comparedRuns_.first;
    s.compareB = comparedRuns_.second;
    if (waveform_->hasSignal()) {
        s.viewStart = waveform_->visibleStart();
        s.viewDuration = waveform_->visibleDuration();
        s.selectionStart = waveform_->selectionStart();
        s.selectionEnd = waveform_->selectionEnd();
        s.segment = waveform_->selectedSegment();
    }
    return s;
}

QString MainWindow::saveSessionTo(const QString& path) {
    try {
        saveSession(currentSession(), path);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    sessionPath_ = path;
    if (persistent()) QSettings().setValue("folders/sessions", QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Saved the session to %1").arg(path));
    return {};
}

QString MainWindow::openSession(const QString& path) {
    Session s;
    try {
        s = loadSession(path);
    } catch (const Error& e) {
        showFailure(QStringLiteral("session"), QString(), QString::fromUtf8(e.what()));
        return QString::fromUtf8(e.what());
    }
    // What the session names but the disk no longer has is said once, and left out.
    QStringList missing;
    const auto present = [&missing](const QString& p) {
        if (p.isEmpty() || QFileInfo::exists(p)) return !p.isEmpty();
        missing << p;
        return false;
    };
    if (present(s.model)) openModel(s.model);
    if (present(s.dataset)) openFolder(s.dataset);
    if (present(s.compareA) && present(s.compareB)) compareRuns(s.compareA, s.compareB);
    for (const QString& track : s.tracks)
        if (present(track)) tracks_->addOpened(track);  // listed now, decoded when picked
    sessionPath_ = path;
    if (persistent()) QSettings().setValue("folders/sessions", QFileInfo(path).absolutePath());
    if (!missing.isEmpty()) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Session"),
                                    tr("%1: these files are gone and were left out:\n%2").arg(path, missing.join('\n')), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    if (!QFileInfo::exists(s.currentTrack)) {
        Q_EMIT sessionRestored(path);
        return {};
    }
    // The shown track, then where the user was looking once it is in. A model loading first
    // re-predicts the shown track: make that the session's, not the one shown before.
    currentPath_ = s.currentTrack;
    pendingSession_ = s;
    pendingSessionPath_ = path;
    openFile(s.currentTrack);
    return {};
}

void MainWindow::restorePendingView(const QString& loadedTrack) {
    if (!pendingSession_ || loadedTrack != pendingSession_->currentTrack) return;
    const Session s = *pendingSession_;
    pendingSession_.reset();
    // Queued: the window selects the first segment of a new track right after announcing it.
    QMetaObject::invokeMethod(
        this,
        [this, s] {
            if (s.viewDuration > 0.0) waveform_->setVisibleRange(s.viewStart, s.viewDuration);
            if (s.selectionEnd > s.selectionStart) waveform_->setRangeSelection(s.selectionStart, s.selectionEnd);
            if (s.segment >= 0) waveform_->setSelectedSegment(s.segment);
            statusBar()->showMessage(tr("Opened the session %1").arg(pendingSessionPath_));
            Q_EMIT sessionRestored(pendingSessionPath_);
        },
        Qt::QueuedConnection);
}

void MainWindow::chooseSessionToOpen() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a session"), lastFolder("sessions"),
                                                      tr("Timbrescope sessions (*.%1);;All files (*)").arg(kSessionSuffix));
    if (!path.isEmpty()) openSession(path);
}

void MainWindow::chooseSessionToSave(bool askForPath) {
    QString path = sessionPath_;
    if (askForPath || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save the session"), sessionPath_.isEmpty() ? lastFolder("sessions") : sessionPath_,
                                            tr("Timbrescope sessions (*.%1)").arg(kSessionSuffix));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + kSessionSuffix;
    }
    const QString error = saveSessionTo(path);
    if (!error.isEmpty()) showFailure(QStringLiteral("session"), QString(), error);
}

} // namespace timbrescope::gui
