// MainWindow: the long jobs it hands to the job thread (training, evaluation, dataset
// generation) and how their progress is shown.

#include "app/gui/MainWindow.h"

#include "engine/core/Error.h"
#include "engine/synth/InstalledSources.h"
#include "engine/train/RunRecord.h"
#include "widgets/TrainingPanel.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>

namespace timbrescope::gui {
namespace {
// One job at a time: they share the CPU (or GPU), and two trainings would halve each other.
const QString kBusy = QStringLiteral("A job (training, evaluation or dataset generation) is already running: wait for it or stop it first");
}

void MainWindow::startTraining(const widgets::TrainingRequest& request) {
    if (request.dataDir.isEmpty() || request.runDir.isEmpty()) {
        showFailure(QStringLiteral("training"), request.runDir, tr("Choose a dataset folder and a new run folder first"));
        return;
    }
    if (!jobs_->claim()) {
        showFailure(QStringLiteral("training"), request.runDir, kBusy);
        return;
    }
    trainingDock_->show();
    trainingDock_->raise();
    lastRequest_ = request;
    resumingRun_.clear();
    training_->setRequest(request);
    training_->setRunning(true);
    jobLabel_->setText(tr("%1 · training %2").arg(request.device, request.architecture));
    training_->charts()->reset(QString());
    training_->log(tr("Training %1 on %2 into %3").arg(request.architecture, request.dataDir, request.runDir));
    QMetaObject::invokeMethod(jobs_, "train", Qt::QueuedConnection, Q_ARG(timbrescope::widgets::TrainingRequest, request));
}

void MainWindow::resumeTraining(const QString& runDir) {
    if (runDir.isEmpty()) return;
    if (!jobs_->claim()) {
        showFailure(QStringLiteral("training"), runDir, kBusy);
        return;
    }
    trainingDock_->show();
    trainingDock_->raise();
    training_->setRunning(true);
    resumingRun_ = runDir;
    jobLabel_->setText(tr("training · resuming %1").arg(QFileInfo(runDir).fileName()));
    training_->charts()->reset(QString());
    training_->log(tr("Resuming %1").arg(runDir));
    QMetaObject::invokeMethod(jobs_, "resume", Qt::QueuedConnection, Q_ARG(QString, runDir));
}

void MainWindow::stopTraining() {
    jobs_->requestStop();
    training_->log(tr("Stopping after the current batch…"));
}

void MainWindow::showTrainingProgress(const TrainingProgress& p) {
    using K = TrainingProgress::Kind;
    switch (p.kind) {
    case K::Batch: {
        // Fraction of this call's work: folds done, epochs (upper bound) and batches.
        const double perFold = 1.0 / std::max(1, p.foldsToRun);
        const double withinFold = (p.epoch - 1 + double(p.batch) / std::max(1, p.batches)) / std::max(1, p.epochs);
        training_->showProgress(tr("fold %1 · epoch %2 · loss %3").arg(p.fold + 1).arg(p.epoch).arg(p.loss, 0, 'f', 4),
                                perFold * (p.foldIndex + withinFold), p.etaSeconds);
        statusBar()->showMessage(tr("Training: fold %1, epoch %2, batch %3/%4, %5 segments/s")
                                     .arg(p.fold + 1).arg(p.epoch).arg(p.batch).arg(p.batches).arg(p.segmentsPerSecond, 0, 'f', 0));
        break;
    }
    case K::FoldStarted:
        training_->charts()->reset(tr("fold %1").arg(p.fold + 1));
        showEarlierEpochs(p.fold);
        training_->log(p.message);
        break;
    case K::Epoch:
        training_->charts()->addEpoch(p.point);
        training_->log(p.message);
        break;
    case K::Message: training_->log(p.message); break;
    }
}

void MainWindow::showEarlierEpochs(int fold) {
    if (resumingRun_.isEmpty()) return;
    try {
        for (const train::FoldRecord& f : train::readRunRecord(resumingRun_.toStdString()).folds) {
            if (f.fold != fold) continue;
            for (const train::EpochRecord& e : f.epochs)
                training_->charts()->addEpoch({e.epoch, e.trainLoss, e.validationLoss, e.validationF1Micro, e.validationF1Macro, e.learningRate});
        }
    } catch (const Error&) {
        // The trainer reads the same record and reports what is wrong with it; the charts stay empty.
    }
}

void MainWindow::chooseDatasetToGenerate() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Generate a dataset"));
    auto* form = new QFormLayout(&dialog);
    auto* folder = new QLineEdit(QDir::home().filePath(QStringLiteral("timbrescope-demo")), &dialog);
    auto* perClass = new QSpinBox(&dialog);
    perClass->setRange(1, 10000);
    perClass->setValue(20);
    auto* tests = new QSpinBox(&dialog);
    tests->setRange(0, 10000);
    tests->setValue(40);
    auto* seed = new QSpinBox(&dialog);
    seed->setRange(0, 1 << 30);
    seed->setValue(1);
    // The pool: every installed source, the ones the bundled models trained on ticked; a user's
    // own SoundFont, patch set or folder of recorded notes joins it.
    auto* sources = new QListWidget(&dialog);
    for (const synth::InstalledSource& s : synth::installedSources()) {
        auto* item = new QListWidgetItem(QString::fromStdString(s.label), sources);
        item->setData(Qt::UserRole, QString::fromStdString(s.path));
        item->setToolTip(QString::fromStdString(s.path));
        item->setCheckState(s.unseen ? Qt::Unchecked : Qt::Checked);
    }
    sources->setMaximumHeight(sources->sizeHintForRow(0) * 7 + 4);
    auto* addSource = new QPushButton(tr("Add a SoundFont or patch set…"), &dialog);
    connect(addSource, &QPushButton::clicked, &dialog, [&dialog, sources] {
        const QString file = QFileDialog::getOpenFileName(&dialog, tr("Sound source"), QString(),
                                                          tr("Sound sources (*.sf2 *.sf3 *.cfg *.samples);;All files (*)"));
        if (file.isEmpty()) return;
        auto* item = new QListWidgetItem(QFileInfo(file).fileName(), sources);
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
        item->setCheckState(Qt::Checked);
    });
    auto* vary = new QCheckBox(tr("Vary the performance (velocity, expression, vibrato, articulation, filter, room…)"), &dialog);
    vary->setChecked(true);
    form->addRow(tr("Folder"), folder);
    form->addRow(tr("Training files per class"), perClass);
    form->addRow(tr("Test excerpts"), tests);
    form->addRow(tr("Seed"), seed);
    form->addRow(tr("Sound sources"), sources);
    form->addRow(QString(), addSource);
    form->addRow(QString(), vary);
    form->addRow(new QLabel(tr("Each instrument part is played by a source drawn from those that have it, in the IRMAS layout, "
                               "many times faster than real time."), &dialog));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList pool;
    for (int i = 0; i < sources->count(); ++i)
        if (sources->item(i)->checkState() == Qt::Checked) pool << sources->item(i)->data(Qt::UserRole).toString();
    if (pool.isEmpty()) {
        showFailure(QStringLiteral("generation"), folder->text(), tr("no sound source is ticked"));
        return;
    }
    generateDataset(folder->text(), perClass->value(), tests->value(), quint64(seed->value()), pool, vary->isChecked());
}

void MainWindow::generateDataset(const QString& folder, int trainPerClass, int testCount, quint64 seed, const QStringList& sources,
                                 bool vary) {
    if (!jobs_->claim()) {
        showFailure(QStringLiteral("generation"), folder, kBusy);
        return;
    }
    statusBar()->showMessage(tr("Generating a dataset into %1…").arg(folder));
    jobLabel_->setText(tr("CPU · generating a dataset"));
    QMetaObject::invokeMethod(jobs_, "generateDataset", Qt::QueuedConnection, Q_ARG(QString, folder), Q_ARG(int, trainPerClass),
                              Q_ARG(int, testCount), Q_ARG(quint64, seed), Q_ARG(QStringList, sources), Q_ARG(bool, vary));
}

void MainWindow::chooseRunToEvaluate() {
    const QString run = QFileDialog::getExistingDirectory(this, tr("Trained run to evaluate"), runsFolder());
    if (run.isEmpty()) return;
    const QString test = QFileDialog::getExistingDirectory(this, tr("Test folder (name.wav + name.txt excerpts)"), lastFolder("datasets"));
    if (!test.isEmpty()) evaluateRun(run, test);
}

void MainWindow::evaluateRun(const QString& runDir, const QString& testDir) {
    if (!jobs_->claim()) {
        showFailure(QStringLiteral("evaluation"), runDir, kBusy);
        return;
    }
    if (persistent()) QSettings().setValue("folders/runs", QFileInfo(runDir).absolutePath());
    statusBar()->showMessage(tr("Evaluating %1 on %2…").arg(runDir, testDir));
    jobLabel_->setText(tr("CPU · evaluating"));
    QMetaObject::invokeMethod(jobs_, "evaluate", Qt::QueuedConnection, Q_ARG(QString, runDir), Q_ARG(QString, testDir));
}

} // namespace timbrescope::gui
