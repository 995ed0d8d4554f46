#pragma once
// The workbench window (MainWindow*.cpp: the window itself, its menus, exports, sessions,
// settings, jobs): open tracks (menu, command line, drag-and-drop) and a trained model (a run
// folder or a model file); see the track's waveform, what the model hears in it (probabilities
// over time and for the whole track), and every layer's activations for the selected 1-s
// segment. Decoding and inference run in the EngineWorker's thread.

#include "app/gui/EngineWorker.h"
#include "app/gui/JobWorker.h"
#include "app/gui/RecentList.h"
#include "app/gui/Session.h"
#include "app/gui/TrackPlayer.h"
#include "widgets/TrainingPanel.h"
#include "widgets/ViewExport.h"

#include <QMainWindow>
#include <QThread>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

class QAction;
class QDockWidget;
class QMenu;
class QLabel;
class QProgressBar;

namespace timbrescope::widgets {
class ActivationView;
class F1ComparisonChart;
class PredictionView;
class SpectrogramView;
class CoOccurrenceView;
class ResultsTable;
class TrackList;
class TrainingPanel;
class WaveformView;
}

namespace timbrescope::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    widgets::WaveformView* waveformView() const { return waveform_; }
    widgets::PredictionView* predictionView() const { return predictions_; }
    widgets::SpectrogramView* spectrogramView() const { return spectrogram_; }
    widgets::ActivationView* activationView() const { return activations_; }
    widgets::F1ComparisonChart* comparisonChart() const { return comparison_; }
    widgets::ResultsTable* resultsTable() const { return results_; }
    widgets::CoOccurrenceView* coOccurrenceView() const { return coOccurrence_; }
    const QList<QAction*>& playbackActions() const { return playbackActions_; }
    widgets::TrackList* trackList() const { return tracks_; }
    widgets::TrainingPanel* trainingPanel() const { return training_; }
    const QString& currentPath() const { return currentPath_; }
    const QString& modelPath() const { return modelPath_; }
    // Where the dialogs for runs and model files start: the folder holding the last run opened,
    // trained or evaluated, else the bundled models' folder (never the last audio folder).
    QString runsFolder() const;
    // Writes the view exported as `name` (File ▸ Export) to `path`, its format by the extension;
    // pictures are drawn with `options` (by default at the view's size, under exportCaption).
    // Returns an empty string on success, else why not, naming the file.
    QString exportViewTo(const QString& name, const QString& path, std::optional<widgets::PictureOptions> options = {});
    // What an exported view shows, in words: the track, the model, the decision and thresholds,
    // the runs and test sets compared. Above pictures, and as "# " lines atop CSV files.
    QStringList exportCaption(const QString& name) const;
    // Whether a model was asked for (command line, menu, or the one remembered from last time).
    bool modelRequested() const { return modelRequested_; }
    // The workbench's state as a session (app/gui/Session.h), and saving it: "" or why not.
    Session currentSession() const;
    QString saveSessionTo(const QString& path);

public Q_SLOTS:
    // Reopens a saved session: its model, dataset, comparison and tracks, then the shown track
    // with its view and selections; sessionRestored follows. Returns "" or why the file is not
    // a session (also shown); files the session names that are gone are said and left out.
    QString openSession(const QString& path);
    // Decodes `path` (and predicts it when a model is loaded) in the engine thread;
    // trackLoaded or loadFailed follows.
    void openFile(const QString& path);
    // A run folder or a .pt model file; modelLoaded or loadFailed follows.
    void openModel(const QString& path);
    void chooseFile();
    void chooseRun();
    void chooseModelFile();
    // What the open model was trained on and how it scored on seen and unseen sources.
    void showModelCard();
    const QStringList& modelCard() const { return modelCard_; }
    // Shows the per-instrument F1 of two evaluated runs (the paper's Figure 4). Returns false,
    // after reporting why, when either has no results.
    bool compareRuns(const QString& runA, const QString& runB);
    void chooseRunsToCompare();
    void openFolder(const QString& folder);
    void chooseFolder();
    // What a first launch shows (MainWindowDefaults.cpp): the bundled model, the demo tracks (the
    // first one opened) and the comparison of the bundled model with the bundled CQT baseline —
    // each part only when asked for and found in assets/.
    void openBundledDefaults(bool model, bool demoTracks, bool comparison);
    // Renders a dataset (the synth generator) in the job thread, then lists it: each part played by
    // a source of the pool `sources` (empty: FluidR3), with render-time variation if `vary`.
    void generateDataset(const QString& folder, int trainPerClass, int testCount, quint64 seed,
                         const QStringList& sources = {}, bool vary = false);
    void chooseDatasetToGenerate();
    // Scores a run on a test folder in the job thread (results.json etc. into the run).
    void evaluateRun(const QString& runDir, const QString& testDir);
    void chooseRunToEvaluate();

    // Starts a training job in the job thread (the panel's Start button does this).
    void startTraining(const timbrescope::widgets::TrainingRequest& request);
    void resumeTraining(const QString& runDir);
    void stopTraining();
    void playTrack();
    void playSegment();
    void playSelection();
    void showShortcuts();
    void showPaneHints(bool shown);
    void showAbout();
    void stopPlayback();

Q_SIGNALS:
    void trainingEnded(const QString& runDir, const QString& status, const QString& message);
    void folderListed(const QString& root);
    void runEvaluated(const QString& runDir, const QString& summary);
    void trackLoaded(const QString& path);
    void modelLoaded(const QString& path);
    void activationsShown(int segment);
    void loadFailed(const QString& path, const QString& message);
    void sessionRestored(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void showTrack(int request, const TrackSummary& summary, const widgets::PredictionData& prediction);
    void showModel(const ModelSummary& model);
    void showFailure(const QString& what, const QString& path, const QString& message);
    void showTrainingProgress(const TrainingProgress& progress);
    void selectSegment(int segment);
    void placeOnScreen();
    // Window layout, last folders, recent tracks, datasets and runs, the model and the training choices persist
    // (QSettings) when the application has a name (the workbench's main() sets it).
    static bool persistent();
    void restoreSettings();
    void saveSettings() const;
    QString lastFolder(const QString& key) const;
    // A right-click menu on `view` exporting its picture, and its numbers when `numbers` gives them.
    using ExportNumbers = std::function<std::pair<QStringList, QByteArray>()>;  // CSV lines, JSON
    // `empty` says when the view shows nothing yet: exporting it is then an error, not a blank file.
    void registerExports();  // every view File ▸ Export offers (MainWindowExport.cpp)
    // `name` keys the view (exportViewTo, default file names), `title` is the menu's wording.
    void addExportMenu(QWidget* view, const QString& name, const QString& title, std::function<bool()> empty,
                       ExportNumbers numbers = {});
    void exportView(const QString& name);
    struct Exportable {
        QWidget* view = nullptr;
        std::function<bool()> empty;
        ExportNumbers numbers;
    };
    std::map<QString, Exportable> exportables_;  // by export name

    QThread engineThread_;
    EngineWorker* worker_ = nullptr;  // lives in engineThread_
    QThread jobThread_;
    JobWorker* jobs_ = nullptr;       // lives in jobThread_
    widgets::WaveformView* waveform_ = nullptr;
    widgets::PredictionView* predictions_ = nullptr;
    widgets::SpectrogramView* spectrogram_ = nullptr;
    widgets::ActivationView* activations_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* details_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QStringList modelCard_;
    widgets::F1ComparisonChart* comparison_ = nullptr;
    widgets::ResultsTable* results_ = nullptr;
    widgets::CoOccurrenceView* coOccurrence_ = nullptr;
    widgets::TrackList* tracks_ = nullptr;
    QDockWidget* comparisonDock_ = nullptr;
    widgets::TrainingPanel* training_ = nullptr;
    widgets::TrainingRequest lastRequest_;  // shown in the panel while its job runs
    QString resumingRun_;                   // the run a Resume continues (empty for a new run)
    // A resumed fold's charts begin with the epochs it trained before (run.json keeps them).
    void showEarlierEpochs(int fold);
    QDockWidget* trainingDock_ = nullptr;
    QString currentPath_, modelPath_;
    std::pair<QString, QString> comparedRuns_;  // the runs the Results dock compares
    // Sessions: the file saved to or opened last, and the view to restore once its track is in.
    void restorePendingView(const QString& loadedTrack);
    void chooseSessionToOpen();
    void chooseSessionToSave(bool askForPath);
    QString sessionPath_;
    std::optional<Session> pendingSession_;
    QString pendingSessionPath_;
    bool modelRequested_ = false;
    std::unique_ptr<RecentList> recentTracks_, recentDatasets_, recentRuns_;
    QMenu* exportMenu_ = nullptr;  // File ▸ Export: one entry per view
    QProgressBar* predictionProgress_ = nullptr;  // status bar: a long track's prediction
    QList<QWidget*> paneHints_;                    // first-look notes over the panes
    QAction* paneHintsAction_ = nullptr;
    QLabel* jobLabel_ = nullptr;   // status bar: device and what the job thread is doing
    TrackPlayer player_;
    QList<QAction*> playbackActions_;
    int trackRequest_ = 0;  // only the most recent track request may update the window
    int shownRequest_ = 0;  // the request whose track is shown (its probabilities may follow)
};

} // namespace timbrescope::gui
