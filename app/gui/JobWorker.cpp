#include "app/gui/JobWorker.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"
#include "engine/models/ModelRegistry.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/train/Device.h"
#include "engine/train/Trainer.h"

#include <torch/torch.h>

#include <QElapsedTimer>

namespace timbrescope::gui {

void JobWorker::describeArchitectures() {
    std::vector<widgets::ArchitectureChoice> choices;
    for (const auto& a : models::architectures()) {
        const auto count = models::countParameters(*models::buildModel(a.name));
        choices.push_back({QString::fromStdString(a.name), QString::fromStdString(a.description),
                           QString::fromStdString(models::shortCount(double(count.kerasTotal)))});
    }
    std::vector<widgets::DeviceChoice> devices;
    for (const auto& d : train::availableDevices()) devices.push_back({QString::fromStdString(d), true, {}});
    if (devices.size() == 1)
        devices.push_back({QStringLiteral("cuda"), false, tr("This LibTorch build has no CUDA support, or no GPU is visible")});
    Q_EMIT architecturesReady(choices, devices);
}

template <class MakeTrainer>
void JobWorker::runTraining(const QString& runDir, MakeTrainer makeTrainer) {
    QElapsedTimer sinceBatchSignal;
    sinceBatchSignal.start();
    try {
        train::Trainer trainer = makeTrainer();
        const train::RunRecord record = trainer.run(
            [&](const train::TrainEvent& e) {
                using K = train::TrainEvent::Kind;
                TrainingProgress p;
                p.fold = e.fold, p.foldsToRun = e.foldsToRun, p.foldIndex = e.foldIndex;
                p.epoch = e.epoch, p.epochs = e.epochs, p.batch = e.batch, p.batches = e.batches;
                p.loss = e.loss, p.etaSeconds = e.etaSeconds, p.segmentsPerSecond = e.segmentsPerSecond;
                p.message = QString::fromStdString(e.message);
                switch (e.kind) {
                case K::Batch:
                    // A few updates a second are plenty for a progress bar; do not flood the window.
                    if (sinceBatchSignal.elapsed() < 100 && e.batch != e.batches) return;
                    sinceBatchSignal.restart();
                    p.kind = TrainingProgress::Kind::Batch;
                    break;
                case K::FoldStarted: p.kind = TrainingProgress::Kind::FoldStarted; break;
                case K::Epoch: {
                    const auto& r = e.epochRecord;
                    p.kind = TrainingProgress::Kind::Epoch;
                    p.point = {r.epoch, r.trainLoss, r.validationLoss, r.validationF1Micro, r.validationF1Macro, r.learningRate};
                    p.message = QStringLiteral("fold %1 epoch %2: loss %3, val loss %4, val F1 micro %5 macro %6, lr %7, %8 s")
                                    .arg(e.fold + 1).arg(r.epoch).arg(r.trainLoss, 0, 'f', 4).arg(r.validationLoss, 0, 'f', 4)
                                    .arg(r.validationF1Micro, 0, 'f', 3).arg(r.validationF1Macro, 0, 'f', 3).arg(r.learningRate, 0, 'g', 3)
                                    .arg(r.seconds, 0, 'f', 1);
                    break;
                }
                default: p.kind = TrainingProgress::Kind::Message; break;
                }
                Q_EMIT progress(p);
            },
            &cancel_);
        busy_ = false;
        Q_EMIT trainingEnded(runDir, QString::fromStdString(record.status),
                             record.status == "stopped" ? tr("Stopped; the completed epochs are saved — Resume continues from them")
                                                        : tr("Training finished"));
    } catch (const std::exception& e) {
        busy_ = false;
        Q_EMIT trainingEnded(runDir, QStringLiteral("failed"), QString::fromUtf8(e.what()));
    }
}

void JobWorker::train(const widgets::TrainingRequest& r) {
    train::TrainingOptions o;
    o.architecture = r.architecture.toStdString();
    o.folds = r.folds;
    o.fold = r.fold;
    o.epochs = r.epochs;
    o.batch = r.batch;
    o.learningRate = r.learningRate;
    o.device = r.device.toStdString();
    o.seed = r.seed;
    o.threads = r.threads;
    o.maxTrainSegments = r.maxTrainSegments;
    o.mixing.share = r.mixShare;
    o.mixing.maxSources = r.mixSources;
    o.equaliser.share = r.eqShare;
    o.bf16 = r.bf16;
    runTraining(r.runDir, [&] { return train::Trainer::start(r.dataDir.toStdString(), r.runDir.toStdString(), o); });
}

void JobWorker::evaluate(const QString& runDir, const QString& testDir) {
    try {
        eval::EvaluationOptions o;
        o.runDir = runDir.toStdString();
        o.testDir = testDir.toStdString();
        const eval::Evaluation ev = eval::evaluateRun(o);
        eval::writeEvaluation(ev, o.runDir);
        busy_ = false;
        Q_EMIT evaluated(runDir,
                         tr("%1 on %2 excerpts: F1 micro %3, F1 macro %4, LRAP %5 (fold ensemble)")
                             .arg(QString::fromStdString(ev.architecture)).arg(ev.files.size())
                             .arg(ev.ensembleMetrics.f1Micro, 0, 'f', 3).arg(ev.ensembleMetrics.f1Macro, 0, 'f', 3)
                             .arg(ev.ensembleMetrics.lrap, 0, 'f', 3),
                         QString());
    } catch (const std::exception& e) {
        busy_ = false;
        Q_EMIT evaluated(runDir, QString(), QString::fromUtf8(e.what()));
    }
}

void JobWorker::generateDataset(const QString& folder, int trainPerClass, int testCount, quint64 seed, const QStringList& sources,
                                bool vary) {
    try {
        synth::SynthOptions o;
        o.outDir = folder.toStdString();
        o.trainPerClass = trainPerClass;
        o.testCount = testCount;
        o.seed = seed;
        for (const QString& source : sources) o.soundFonts.push_back(source.toStdString());
        if (vary) o.variation = synth::RenderVariation::all();
        synth::synthesizeDataset(o, [this](int done, int total) { Q_EMIT generationProgress(done, total); });
        busy_ = false;
        Q_EMIT datasetGenerated(folder, QString());
    } catch (const std::exception& e) {
        busy_ = false;
        Q_EMIT datasetGenerated(folder, QString::fromUtf8(e.what()));
    }
}

void JobWorker::resume(const QString& runDir) {
    runTraining(runDir, [&] { return train::Trainer::resume(runDir.toStdString()); });
}

} // namespace timbrescope::gui
