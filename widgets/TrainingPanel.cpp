#include "widgets/TrainingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace timbrescope::widgets {
namespace {

QWidget* pathRow(QLineEdit* edit, QWidget* parent, const QString& caption) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QToolButton(row);
    browse->setText(QStringLiteral("…"));
    QObject::connect(browse, &QToolButton::clicked, row, [edit, caption, row] {
        const QString dir = QFileDialog::getExistingDirectory(row, caption, edit->text());
        if (!dir.isEmpty()) edit->setText(dir);
    });
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

QString clock(double seconds) {
    const int s = int(std::max(0.0, seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    architecture_ = new QComboBox(this);
    device_ = new QComboBox(this);
    dataDir_ = new QLineEdit(this);
    dataDir_->setPlaceholderText(tr("an IRMAS-layout dataset folder"));
    runDir_ = new QLineEdit(this);
    runDir_->setPlaceholderText(tr("a new folder for the run (or an existing run to resume)"));
    folds_ = new QSpinBox(this);
    folds_->setRange(2, 20);
    folds_->setValue(5);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 10000);
    epochs_->setValue(100);
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 4096);
    batch_->setValue(64);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1 << 30);
    seed_->setValue(1);
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setDecimals(6);
    learningRate_->setRange(1e-6, 1.0);
    learningRate_->setSingleStep(1e-4);
    learningRate_->setValue(1e-3);
    mixPercent_ = new QSpinBox(this);
    mixPercent_->setRange(0, 100);
    mixPercent_->setSuffix(QStringLiteral(" %"));
    mixPercent_->setToolTip(tr("Share of training examples that are mixtures of segments of different instruments "
                               "(labels: the union). 0 % is the paper's protocol; mixtures teach a model trained on "
                               "single-instrument clips to hear several instruments at once."));
    mixSources_ = new QSpinBox(this);
    mixSources_->setRange(2, 8);
    mixSources_->setValue(4);
    mixSources_->setToolTip(tr("Instruments per mixture, at most (2 to this many, at random gains)"));
    eqPercent_ = new QSpinBox(this);
    eqPercent_->setRange(0, 100);
    eqPercent_->setSuffix(QStringLiteral(" %"));
    eqPercent_->setToolTip(tr("Share of training examples passed through a random three-band equaliser (±9 dB): "
                              "the model learns the instrument, not one sample set's colour"));

    bf16_ = new QCheckBox(tr("bf16 mixed precision"), this);
    bf16_->setToolTip(tr("The convolutions and GRU products of each training step in bfloat16; weights, BatchNorm, "
                         "GRU states and loss in float32: about twice as fast for fcn and rfcn, 1.45x for crnn3, on CPUs "
                         "with AVX-512 BF16"));

    auto* form = new QFormLayout;
    form->addRow(tr("Architecture"), architecture_);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Dataset"), pathRow(dataDir_, this, tr("Dataset folder")));
    form->addRow(tr("Run folder"), pathRow(runDir_, this, tr("Run folder")));
    auto* numbers = new QHBoxLayout;
    for (auto [label, box] : std::initializer_list<std::pair<QString, QWidget*>>{
             {tr("folds"), folds_}, {tr("epochs"), epochs_}, {tr("batch"), batch_}, {tr("lr"), learningRate_}, {tr("seed"), seed_}}) {
        numbers->addWidget(new QLabel(label, this));
        numbers->addWidget(box);
    }
    numbers->addWidget(bf16_);
    form->addRow(tr("Protocol"), numbers);
    auto* mixing = new QHBoxLayout;
    mixing->addWidget(new QLabel(tr("mixed examples"), this));
    mixing->addWidget(mixPercent_);
    mixing->addWidget(new QLabel(tr("up to"), this));
    mixing->addWidget(mixSources_);
    mixing->addWidget(new QLabel(tr("instruments each; equalised"), this));
    mixing->addWidget(eqPercent_);
    mixing->addStretch(1);
    form->addRow(tr("Augmentation"), mixing);

    start_ = new QPushButton(tr("Start"), this);
    stop_ = new QPushButton(tr("Stop"), this);
    resume_ = new QPushButton(tr("Resume"), this);
    stop_->setToolTip(tr("Stops after the current batch; completed epochs are kept and can be resumed"));
    resume_->setToolTip(tr("Continues the run in the run folder from its last completed epoch"));
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setFormat(tr("idle"));
    progress_->setTextVisible(true);
    eta_ = new QLabel(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(stop_);
    buttons->addWidget(resume_);
    buttons->addWidget(progress_, 1);
    buttons->addWidget(eta_);

    nextSteps_ = new QWidget(this);
    auto* next = new QHBoxLayout(nextSteps_);
    next->setContentsMargins(0, 0, 0, 0);
    next->addWidget(new QLabel(tr("Run finished:"), nextSteps_));
    openRun_ = new QPushButton(tr("Open This Run"), nextSteps_);
    evaluateRun_ = new QPushButton(tr("Evaluate…"), nextSteps_);
    compareRun_ = new QPushButton(tr("Compare With…"), nextSteps_);
    openRun_->setToolTip(tr("Use the run's fold models for the tracks in the window"));
    evaluateRun_->setToolTip(tr("Score the run on a test folder (as File ▸ Evaluate a Run)"));
    compareRun_->setToolTip(tr("Compare the run's evaluation with another evaluated run"));
    for (QPushButton* b : {openRun_, evaluateRun_, compareRun_}) next->addWidget(b);
    next->addStretch(1);
    nextSteps_->hide();

    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(2000);
    log_->setMinimumHeight(80);
    charts_ = new TrainingCharts(this);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(nextSteps_);
    layout->addWidget(charts_, 3);
    layout->addWidget(log_, 1);

    connect(start_, &QPushButton::clicked, this, [this] { Q_EMIT startRequested(request()); });
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
    connect(resume_, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(runDir_->text()); });
    connect(openRun_, &QPushButton::clicked, this, [this] { Q_EMIT openRunRequested(finishedRun_); });
    connect(evaluateRun_, &QPushButton::clicked, this, [this] { Q_EMIT evaluateRunRequested(finishedRun_); });
    connect(compareRun_, &QPushButton::clicked, this, [this] { Q_EMIT compareRunRequested(finishedRun_); });
    setRunning(false);
}

void TrainingPanel::setArchitectures(const std::vector<ArchitectureChoice>& choices) {
    architecture_->clear();
    for (const auto& c : choices) {
        architecture_->addItem(QStringLiteral("%1 (%2)").arg(c.name, c.parameters), c.name);
        architecture_->setItemData(architecture_->count() - 1, c.description, Qt::ToolTipRole);
    }
    const int rfcn = architecture_->findData(QStringLiteral("rfcn"));
    if (rfcn >= 0) architecture_->setCurrentIndex(rfcn);
}

void TrainingPanel::setDevices(const std::vector<DeviceChoice>& devices) {
    device_->clear();
    auto* model = qobject_cast<QStandardItemModel*>(device_->model());
    for (const auto& d : devices) {
        device_->addItem(d.available ? d.name : QStringLiteral("%1 (unavailable)").arg(d.name), d.name);
        if (!d.available) {
            model->item(device_->count() - 1)->setEnabled(false);
            device_->setItemData(device_->count() - 1, d.reason, Qt::ToolTipRole);
        }
    }
}

void TrainingPanel::setBf16Unavailable(const QString& why) {
    bf16Available_ = why.isEmpty();
    bf16_->setEnabled(bf16Available_ && !running_);
    if (!bf16Available_) {
        bf16_->setChecked(false);
        bf16_->setToolTip(tr("Not on this machine (%1): training runs in float32").arg(why));
    }
}

void TrainingPanel::setDataDir(const QString& dir) { dataDir_->setText(dir); }
void TrainingPanel::setRunDir(const QString& dir) { runDir_->setText(dir); }

TrainingRequest TrainingPanel::request() const {
    TrainingRequest r;
    r.architecture = architecture_->currentData().toString();
    r.device = device_->currentData().toString();
    r.dataDir = dataDir_->text();
    r.runDir = runDir_->text();
    r.folds = folds_->value();
    r.epochs = epochs_->value();
    r.batch = batch_->value();
    r.learningRate = learningRate_->value();
    r.seed = quint64(seed_->value());
    r.mixShare = mixPercent_->value() / 100.0;
    r.mixSources = mixSources_->value();
    r.eqShare = eqPercent_->value() / 100.0;
    r.bf16 = bf16_->isChecked();
    return r;
}

void TrainingPanel::setRequest(const TrainingRequest& r) {
    architecture_->setCurrentIndex(std::max(0, architecture_->findData(r.architecture)));
    device_->setCurrentIndex(std::max(0, device_->findData(r.device)));
    dataDir_->setText(r.dataDir);
    runDir_->setText(r.runDir);
    folds_->setValue(r.folds);
    epochs_->setValue(r.epochs);
    batch_->setValue(r.batch);
    learningRate_->setValue(r.learningRate);
    seed_->setValue(int(r.seed));
    mixPercent_->setValue(int(std::lround(r.mixShare * 100)));
    mixSources_->setValue(r.mixSources);
    eqPercent_->setValue(int(std::lround(r.eqShare * 100)));
    bf16_->setChecked(r.bf16 && bf16Available_);
}

void TrainingPanel::setRunning(bool running) {
    running_ = running;
    start_->setEnabled(!running);
    resume_->setEnabled(!running);
    stop_->setEnabled(running);
    for (QWidget* w : std::initializer_list<QWidget*>{architecture_, device_, dataDir_, runDir_, folds_, epochs_, batch_, learningRate_, seed_,
                                                                  mixPercent_, mixSources_, eqPercent_})
        w->setEnabled(!running);
    bf16_->setEnabled(!running && bf16Available_);
    if (running) {
        nextSteps_->hide();
        jobClock_.start();
        progress_->setValue(0);
        progress_->setFormat(tr("starting…"));
    }
    eta_->clear();
}

void TrainingPanel::showProgress(const QString& label, double fraction, double epochEtaSeconds) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    progress_->setValue(int(fraction * 1000));
    progress_->setFormat(label + QStringLiteral("  %p%"));
    // The job's remaining time at the pace so far; epochs are an upper bound (early stopping may
    // end a fold sooner), so this errs long.
    const double elapsed = jobClock_.isValid() ? double(jobClock_.elapsed()) / 1000.0 : 0.0;
    const bool paced = fraction >= 0.01 && elapsed >= 2.0;
    eta_->setText(paced ? tr("ETA %1").arg(clock(elapsed * (1.0 - fraction) / fraction)) : tr("ETA %1 (this epoch)").arg(clock(epochEtaSeconds)));
}

void TrainingPanel::showEnded(const QString& status, const QString& runDir) {
    const bool finished = status == QLatin1String("finished");
    if (finished) progress_->setValue(progress_->maximum());
    progress_->setFormat(finished ? tr("finished") : tr("%1 at %p%").arg(status));
    eta_->clear();
    finishedRun_ = finished ? runDir : QString();
    nextSteps_->setVisible(!finishedRun_.isEmpty());
}

bool TrainingPanel::offersNextSteps() const { return !nextSteps_->isHidden(); }

QString TrainingPanel::progressText() const { return progress_->text(); }

QString TrainingPanel::etaText() const { return eta_->text(); }

void TrainingPanel::log(const QString& line) { log_->appendPlainText(line); }

} // namespace timbrescope::widgets
