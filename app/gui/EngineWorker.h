#pragma once
// The engine's side of the window: lives in its own QThread, owns the engine objects (the loaded
// models, the current track's signal) and talks to the window only through queued signals
// carrying plain data, so the window never waits for decoding or inference.

#include "app/gui/TrackSummary.h"
#include "widgets/ActivationMap.h"
#include "widgets/PredictionView.h"
#include "widgets/SpectrogramView.h"
#include "widgets/TrackList.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

#include <optional>
#include <vector>

namespace timbrescope::eval {
class Ensemble;
}
namespace timbrescope::gui {

struct ModelSummary {
    QString path;
    QString architecture;
    int models = 0;  // fold models averaged
    QString description;
    QStringList card;  // what it was trained on and how it scored (eval::ModelCard::lines)
};

class EngineWorker : public QObject {
    Q_OBJECT
public:
    EngineWorker();
    ~EngineWorker() override;

    // Called from the window's thread before queueing analyzeTrack(): older requests are dropped.
    void setLatestTrackRequest(int request) { latestTrack_ = request; }

public Q_SLOTS:
    void loadModel(const QString& path);
    // Decodes the track, and predicts it when a model is loaded.
    void analyzeTrack(const QString& path, int request);
    void computeActivations(int segment);
    // Reads a dataset folder (IRMAS layout) for the track list.
    void scanFolder(const QString& folder);

Q_SIGNALS:
    void modelLoaded(const timbrescope::gui::ModelSummary& model);
    // Once per request; twice for a long track with a model: first with `prediction.pending` set.
    void trackAnalyzed(int request, const timbrescope::gui::TrackSummary& track, const timbrescope::widgets::PredictionData& prediction);
    void activationsReady(int segment, const timbrescope::widgets::ActivationMaps& maps, const QString& caption);
    // While a long track is predicted: the segments so far (prediction.progress < 1), about
    // once a second, between its two trackAnalyzed.
    void predictionProgress(int request, const timbrescope::widgets::PredictionData& prediction);
    // After trackAnalyzed: the whole track's constant-Q spectrogram (none if superseded).
    void spectrogramReady(int request, const timbrescope::widgets::SpectrogramData& spectrogram);
    void folderScanned(const timbrescope::widgets::DatasetListing& listing);
    // `what`: "model", "track", "activations" or "folder"; `message` names the file and the reason.
    void failed(const QString& what, const QString& path, const QString& message);

private:
    // Empty when a newer request superseded `request` part way (a long track stops early).
    std::optional<widgets::PredictionData> predict(const QString& path, int request);

    std::unique_ptr<eval::Ensemble> ensemble_;
    // The current track: its mono signal, shared with the window (never copied: a 2-hour track is
    // 635 MB), and each segment's RMS, from which any segment is cut when needed.
    std::shared_ptr<const std::vector<float>> mono_;
    std::vector<float> segmentRms_;
    QString trackPath_;
    std::atomic<int> latestTrack_{0};
};

} // namespace timbrescope::gui

Q_DECLARE_METATYPE(timbrescope::gui::ModelSummary)
