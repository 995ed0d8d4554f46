#pragma once
// Point-and-click training: architecture (with its size), device, dataset, run folder, folds,
// epochs, batch size, learning rate and seed, mixing augmentation; Start, Stop and Resume; a progress bar with ETA,
// a log, and live curves. Plain data in and out: the window runs the job elsewhere.

#include "widgets/TrainingCharts.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace timbrescope::widgets {

struct TrainingRequest {
    QString architecture, dataDir, runDir, device;
    int folds = 5, fold = -1, epochs = 100, batch = 64, threads = 0;
    double learningRate = 1e-3;
    quint64 seed = 1;
    qint64 maxTrainSegments = 0;
    double mixShare = 0.0;  // mixing augmentation: share of mixed examples (0 = the paper's protocol)
    int mixSources = 4;     // instruments per mixture, at most
    double eqShare = 0.0;   // timbre augmentation: share of randomly equalised examples
    bool bf16 = false;      // bf16 mixed precision (CPUs with AVX-512 BF16)
};

struct ArchitectureChoice {
    QString name, description, parameters;  // parameters as the paper writes them, e.g. "84.8K"
};

struct DeviceChoice {
    QString name;    // "cpu", "cuda:0"
    bool available;
    QString reason;  // why not, when unavailable
};

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    void setArchitectures(const std::vector<ArchitectureChoice>& choices);
    void setDevices(const std::vector<DeviceChoice>& devices);
    // Why this machine cannot train in bf16 mixed precision, or empty when it can; where it
    // cannot, the box is off and its tooltip gives the reason.
    void setBf16Unavailable(const QString& why);
    void setDataDir(const QString& dir);
    void setRunDir(const QString& dir);
    TrainingRequest request() const;
    void setRequest(const TrainingRequest& request);

    // Job state, driven by the window.
    void setRunning(bool running);
    bool isRunning() const { return running_; }
    // `fraction` of the whole job; the ETA shown is for the job, estimated from the time it has
    // taken so far (the epoch's own ETA, `epochEtaSeconds`, until there is enough to go on).
    void showProgress(const QString& label, double fraction, double epochEtaSeconds);
    // How the job ended ("finished", "stopped", "failed"), kept on the bar until the next one;
    // a finished run also offers what comes next (open it, evaluate it, compare it).
    void showEnded(const QString& status, const QString& runDir = QString());
    bool offersNextSteps() const;
    QPushButton* openRunButton() const { return openRun_; }
    QString progressText() const;
    QString etaText() const;
    void log(const QString& line);
    TrainingCharts* charts() const { return charts_; }

Q_SIGNALS:
    void startRequested(const timbrescope::widgets::TrainingRequest& request);
    void resumeRequested(const QString& runDir);
    void stopRequested();
    // After a finished run: the window opens it, asks for a test folder, or for a run to compare.
    void openRunRequested(const QString& runDir);
    void evaluateRunRequested(const QString& runDir);
    void compareRunRequested(const QString& runDir);

private:
    QComboBox *architecture_, *device_;
    QLineEdit *dataDir_, *runDir_;
    QSpinBox *folds_, *epochs_, *batch_, *seed_, *mixPercent_, *mixSources_, *eqPercent_;
    QDoubleSpinBox* learningRate_;
    QCheckBox* bf16_;
    QPushButton *start_, *stop_, *resume_;
    QWidget* nextSteps_;  // shown when a run has finished
    QPushButton *openRun_, *evaluateRun_, *compareRun_;
    QString finishedRun_;
    QProgressBar* progress_;
    QLabel* eta_;
    QPlainTextEdit* log_;
    TrainingCharts* charts_;
    bool running_ = false;
    bool bf16Available_ = false;
    QElapsedTimer jobClock_;  // since setRunning(true)
};

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::TrainingRequest)
