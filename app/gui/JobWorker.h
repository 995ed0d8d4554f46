#pragma once
// Long engine jobs (training for now) in their own QThread, so the window and track analysis stay
// responsive. Progress comes back as queued signals with plain data; stopping is cooperative
// (the trainer stops within one batch, keeping every completed epoch).

#include "widgets/TrainingPanel.h"

#include <QObject>

#include <atomic>

namespace timbrescope::gui {

struct TrainingProgress {
    enum class Kind { Message, Batch, FoldStarted, Epoch };
    Kind kind = Kind::Message;
    int fold = 0, foldsToRun = 0, foldIndex = 0;
    int epoch = 0, epochs = 0, batch = 0, batches = 0;
    double loss = 0, etaSeconds = 0, segmentsPerSecond = 0;
    widgets::EpochPoint point;  // Epoch
    QString message;
};

class JobWorker : public QObject {
    Q_OBJECT
public:
    // Thread-safe: asks the running job to stop.
    void requestStop() { cancel_ = true; }
    bool busy() const { return busy_; }
    // Called by the window before queueing a job: false while one is queued or running, so two
    // quick requests can never both start. The job releases it when it ends.
    bool claim() {
        bool idle = false;
        if (!busy_.compare_exchange_strong(idle, true)) return false;
        cancel_ = false;
        return true;
    }

public Q_SLOTS:
    void describeArchitectures();
    // The jobs: each runs after a successful claim() and releases it when done.
    void train(const timbrescope::widgets::TrainingRequest& request);
    void resume(const QString& runDir);
    // Scores a trained run on a test folder the paper's way and writes its results into the run.
    void evaluate(const QString& runDir, const QString& testDir);
    // Renders an IRMAS-layout dataset (timbrescope-cli synth) into `folder` from the pool `sources`.
    void generateDataset(const QString& folder, int trainPerClass, int testCount, quint64 seed, const QStringList& sources, bool vary);

Q_SIGNALS:
    void architecturesReady(const std::vector<timbrescope::widgets::ArchitectureChoice>& choices,
                            const std::vector<timbrescope::widgets::DeviceChoice>& devices);
    void progress(const timbrescope::gui::TrainingProgress& progress);
    // status: "finished", "stopped" or "failed"; message: a line for people.
    void trainingEnded(const QString& runDir, const QString& status, const QString& message);
    void generationProgress(int filesDone, int filesTotal);
    // error empty: done, and `summary` is a line of headline numbers.
    void evaluated(const QString& runDir, const QString& summary, const QString& error);
    // error empty: done.
    void datasetGenerated(const QString& folder, const QString& error);

private:
    template <class MakeTrainer>
    void runTraining(const QString& runDir, MakeTrainer makeTrainer);

    std::atomic<bool> cancel_{false};
    std::atomic<bool> busy_{false};
};

} // namespace timbrescope::gui

Q_DECLARE_METATYPE(timbrescope::gui::TrainingProgress)
