#pragma once
// Live training curves (Qt Charts), one point per epoch of the current fold: training and
// validation loss in one chart; validation F1 (micro, macro) and the learning rate in another.

#include <QWidget>

class QChartView;
class QLineSeries;
class QValueAxis;

namespace timbrescope::widgets {

struct EpochPoint {
    int epoch = 0;  // 1-based
    double trainLoss = 0, validationLoss = 0, f1Micro = 0, f1Macro = 0, learningRate = 0;
};

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    // Starts afresh (a new fold), titled e.g. "fold 2".
    void reset(const QString& title);
    void addEpoch(const EpochPoint& point);

    int points() const;
    QChartView* lossView() const { return lossView_; }
    QChartView* scoreView() const { return scoreView_; }
    // Every point so far: header + one row per epoch.
    QStringList csvLines() const;

private:
    void fitAxes();

    QChartView *lossView_, *scoreView_;
    QLineSeries *trainLoss_, *validationLoss_, *f1Micro_, *f1Macro_, *learningRate_;
    QValueAxis *lossEpochs_, *lossValues_, *scoreEpochs_, *scoreValues_, *rateValues_;
    std::vector<EpochPoint> history_;
};

} // namespace timbrescope::widgets
