#include "widgets/TrainingCharts.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace timbrescope::widgets {
namespace {

QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine) {
    auto* s = new QLineSeries;
    s->setName(name);
    s->setPen(QPen(color, 2, style));
    s->setPointsVisible(true);
    return s;
}

QValueAxis* axis(const QString& title, const char* format) {
    auto* a = new QValueAxis;
    a->setTitleText(title);
    a->setLabelFormat(QString::fromLatin1(format));
    return a;
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    auto* lossChart = new QChart;
    trainLoss_ = line(tr("training loss"), QColor(40, 85, 160));
    validationLoss_ = line(tr("validation loss"), QColor(240, 150, 40));
    lossEpochs_ = axis(tr("epoch"), "%d");
    lossValues_ = axis(tr("BCE loss"), "%.3f");
    lossChart->addAxis(lossEpochs_, Qt::AlignBottom);
    lossChart->addAxis(lossValues_, Qt::AlignLeft);
    for (QLineSeries* s : {trainLoss_, validationLoss_}) {
        lossChart->addSeries(s);
        s->attachAxis(lossEpochs_);
        s->attachAxis(lossValues_);
    }
    lossChart->legend()->setAlignment(Qt::AlignTop);

    auto* scoreChart = new QChart;
    f1Micro_ = line(tr("F1 micro"), QColor(30, 140, 70));
    f1Macro_ = line(tr("F1 macro"), QColor(120, 60, 160));
    learningRate_ = line(tr("lr"), QColor(130, 130, 130), Qt::DashLine);
    scoreEpochs_ = axis(tr("epoch"), "%d");
    scoreValues_ = axis(tr("validation F1"), "%.2f");
    // Learning rates are shown in thousandths, so the axis labels stay short.
    rateValues_ = axis(tr("lr (×10⁻³)"), "%.2f");
    scoreChart->addAxis(scoreEpochs_, Qt::AlignBottom);
    scoreChart->addAxis(scoreValues_, Qt::AlignLeft);
    scoreChart->addAxis(rateValues_, Qt::AlignRight);
    for (QLineSeries* s : {f1Micro_, f1Macro_, learningRate_}) {
        scoreChart->addSeries(s);
        s->attachAxis(scoreEpochs_);
        s->attachAxis(s == learningRate_ ? rateValues_ : scoreValues_);
    }
    scoreChart->legend()->setAlignment(Qt::AlignTop);

    lossView_ = new QChartView(lossChart, this);
    scoreView_ = new QChartView(scoreChart, this);
    for (QChartView* v : {lossView_, scoreView_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumSize(300, 220);
    }
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(lossView_);
    layout->addWidget(scoreView_);
    reset(QString());
}

void TrainingCharts::reset(const QString& title) {
    history_.clear();
    for (QLineSeries* s : {trainLoss_, validationLoss_, f1Micro_, f1Macro_, learningRate_}) s->clear();
    lossView_->chart()->setTitle(title.isEmpty() ? tr("Loss") : tr("Loss · %1").arg(title));
    scoreView_->chart()->setTitle(title.isEmpty() ? tr("Validation F1 and learning rate") : tr("Validation F1 and learning rate · %1").arg(title));
    fitAxes();
}

void TrainingCharts::addEpoch(const EpochPoint& p) {
    history_.push_back(p);
    trainLoss_->append(p.epoch, p.trainLoss);
    validationLoss_->append(p.epoch, p.validationLoss);
    f1Micro_->append(p.epoch, p.f1Micro);
    f1Macro_->append(p.epoch, p.f1Macro);
    learningRate_->append(p.epoch, p.learningRate * 1e3);
    fitAxes();
}

int TrainingCharts::points() const { return int(history_.size()); }

void TrainingCharts::fitAxes() {
    const int last = history_.empty() ? 5 : std::max(5, history_.back().epoch);
    for (QValueAxis* a : {lossEpochs_, scoreEpochs_}) {
        a->setRange(1, last);
        a->setTickCount(std::min(last, 11));
    }
    double lossMax = 0.8, rateMax = 1e-3;
    for (const auto& p : history_) lossMax = std::max({lossMax, p.trainLoss, p.validationLoss}), rateMax = std::max(rateMax, p.learningRate);
    lossValues_->setRange(0.0, lossMax * 1.05);
    scoreValues_->setRange(0.0, 1.0);
    rateValues_->setRange(0.0, rateMax * 1e3 * 1.1);
}

QStringList TrainingCharts::csvLines() const {
    QStringList lines{QStringLiteral("epoch,train_loss,val_loss,val_f1_micro,val_f1_macro,lr")};
    for (const auto& p : history_)
        lines << QStringLiteral("%1,%2,%3,%4,%5,%6").arg(p.epoch).arg(p.trainLoss, 0, 'f', 6).arg(p.validationLoss, 0, 'f', 6)
                     .arg(p.f1Micro, 0, 'f', 6).arg(p.f1Macro, 0, 'f', 6).arg(p.learningRate, 0, 'g', 6);
    return lines;
}

} // namespace timbrescope::widgets
