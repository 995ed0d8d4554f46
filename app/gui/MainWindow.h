#pragma once
// The workbench window. For now: open a track (menu, command line or drag-and-drop), decode it
// off the GUI thread, and show its waveform as the models hear it.

#include "app/gui/TrackSummary.h"

#include <QMainWindow>

class QLabel;

namespace timbrescope::widgets {
class WaveformView;
}

namespace timbrescope::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    widgets::WaveformView* waveformView() const { return waveform_; }
    const QString& currentPath() const { return currentPath_; }

public Q_SLOTS:
    // Starts decoding `path` in the background; trackLoaded or loadFailed follows.
    void openFile(const QString& path);
    void chooseFile();

Q_SIGNALS:
    void trackLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void showTrack(const TrackSummary& summary);
    void showError(const QString& path, const QString& message);
    void placeOnScreen();

    widgets::WaveformView* waveform_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* details_ = nullptr;
    QString currentPath_;
    int loadGeneration_ = 0;  // only the most recent request may update the window
};

} // namespace timbrescope::gui
