// A tiny run end to end: train, checkpoint, stop and resume to the same state, evaluate, and
// every file written with valid contents.

#include "engine/core/Error.h"
#include "engine/eval/Calibration.h"
#include "engine/eval/Ensemble.h"
#include "engine/eval/ModelCard.h"
#include "engine/eval/ResultFiles.h"
#include "engine/models/ModelFile.h"
#include "engine/models/ModelRegistry.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/models/kernels/FastKernels.h"
#include "engine/train/Device.h"
#include "engine/train/Trainer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using namespace timbrescope;
using namespace timbrescope::train;

class TrainerTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string data() const { return dir_.filePath("ds").toStdString(); }
    std::string run(const char* name) const { return dir_.filePath(name).toStdString(); }

    static TrainingOptions tiny() {
        TrainingOptions o;
        o.architecture = "fcn";
        o.folds = 2;
        o.epochs = 3;
        o.batch = 16;
        o.seed = 5;
        o.threads = 2;
        return o;
    }

    static at::Tensor outputsOf(const std::string& modelFile) {
        auto model = models::loadModel(modelFile);
        model->eval();
        torch::NoGradGuard noGrad;
        torch::manual_seed(9);
        return model->forward(torch::randn({2, 1, 22050}));
    }

private Q_SLOTS:
    void initTestCase() {
        synth::SynthOptions o;
        o.outDir = data();
        o.trainPerClass = 3;
        o.testCount = 4;
        o.seed = 2;
        synth::synthesizeDataset(o);
    }

    void trainsEveryFoldAndRecordsIt() {
        std::vector<TrainEvent::Kind> kinds;
        int batches = 0;
        const RunRecord r = Trainer::start(data(), run("full"), tiny()).run([&](const TrainEvent& e) {
            kinds.push_back(e.kind);
            batches += e.kind == TrainEvent::Kind::Batch;
        });
        QCOMPARE(QString::fromStdString(r.status), QStringLiteral("finished"));
        QCOMPARE(r.folds.size(), std::size_t(2));
        for (const FoldRecord& f : r.folds) {
            QCOMPARE(f.status, FoldStatus::Finished);
            QCOMPARE(f.epochs.size(), std::size_t(3));
            QVERIFY(f.bestEpoch >= 1 && f.bestEpoch <= 3);
            QVERIFY(f.trainSegments > 0 && f.validationSegments > 0);
            for (const EpochRecord& e : f.epochs) QVERIFY(std::isfinite(e.trainLoss) && std::isfinite(e.validationLoss) && e.learningRate == 1e-3);
            QVERIFY(QFile::exists(QString::fromStdString(foldModelFile(run("full"), f.fold))));
            QVERIFY(!QFile::exists(QString::fromStdString(foldStateFile(run("full"), f.fold))));  // only while unfinished
        }
        QVERIFY(batches > 0);
        QCOMPARE(kinds.back(), TrainEvent::Kind::Finished);

        // run.json reads back, and is plain JSON a person or a script can use.
        const RunRecord back = readRunRecord(run("full"));
        QCOMPARE(back.folds[1].epochs.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(back.training.architecture), QStringLiteral("fcn"));
        QCOMPARE(back.parameters.kerasTotal, std::int64_t(81787));
        QFile json(QString::fromStdString(runFile(run("full"))));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o["classes"].toArray().size(), 11);
        QCOMPARE(o["preprocessing"].toObject()["sample_rate"].toInt(), 22050);
        QCOMPARE(o["dataset"].toObject()["train_files"].toInt(), 33);
    }

    void mixingAugmentationIsUsedAndRecorded() {
        TrainingOptions o = tiny();
        o.fold = 0;
        o.epochs = 1;
        o.mixing.share = 0.5;
        o.mixing.maxSources = 3;
        const RunRecord r = Trainer::start(data(), run("mixed"), o).run();
        QCOMPARE(QString::fromStdString(r.status), QStringLiteral("finished"));
        const RunRecord back = readRunRecord(run("mixed"));
        QCOMPARE(back.training.mixing.share, 0.5);
        QCOMPARE(back.training.mixing.maxSources, 3);
        // Same seed and data as the plain run: only the mixtures make the first epoch's loss differ.
        const RunRecord plain = readRunRecord(run("full"));
        QVERIFY(std::fabs(back.folds[0].epochs[0].trainLoss - plain.folds[0].epochs[0].trainLoss) > 1e-4);
        // Validation adds fixed mixtures of the fold's validation segments, one per segment.
        QCOMPARE(back.folds[0].validationMixtures, back.folds[0].validationSegments);
        QCOMPARE(plain.folds[0].validationMixtures, std::int64_t(0));
        QCOMPARE(plain.training.mixing.share, 0.0);
    }

    void effectsChainAndMixupAreUsedAndRecorded() {
        TrainingOptions o = tiny();
        o.fold = 0;
        o.epochs = 1;
        o.effects.roomShare = 0.5;
        o.effects.maxRt60 = 0.8;
        o.effects.pitchShare = 0.25;
        o.effects.codecShare = 0.3;
        o.effects.minCodecLevel = 0.5;
        o.mixup.share = 0.2;
        o.mixup.alpha = 0.3;
        const RunRecord r = Trainer::start(data(), run("effects"), o).run();
        QCOMPARE(QString::fromStdString(r.status), QStringLiteral("finished"));
        const RunRecord back = readRunRecord(run("effects"));
        QCOMPARE(back.training.effects.roomShare, 0.5);
        QCOMPARE(back.training.effects.maxRt60, 0.8);
        QCOMPARE(back.training.effects.pitchShare, 0.25);
        QCOMPARE(back.training.effects.noiseShare, 0.0);
        QCOMPARE(back.training.effects.codecShare, 0.3);
        QCOMPARE(back.training.effects.minCodecLevel, 0.5);
        QCOMPARE(back.training.effects.maxCodecLevel, 0.9);
        QCOMPARE(back.training.mixup.share, 0.2);
        QCOMPARE(back.training.mixup.alpha, 0.3);
        const RunRecord plain = readRunRecord(run("full"));
        QVERIFY(std::fabs(back.folds[0].epochs[0].trainLoss - plain.folds[0].epochs[0].trainLoss) > 1e-4);
        QCOMPARE(plain.training.effects.roomShare, 0.0);
        QCOMPARE(plain.training.mixup.share, 0.0);
        // The generated dataset says what rendered it; the run keeps that.
        QCOMPARE(back.dataset.sources, (std::vector<std::string>{"FluidR3_GM.sf2"}));
    }

    void bf16TrainingRunsAndIsRecorded() {
        TrainingOptions o = tiny();
        o.fold = 0;
        o.epochs = 1;
        o.bf16 = true;
        std::vector<std::string> notes;
        const RunRecord r = Trainer::start(data(), run("bf16"), o).run([&](const TrainEvent& e) {
            if (e.kind == TrainEvent::Kind::Preparing) notes.push_back(e.message);
        });
        QCOMPARE(QString::fromStdString(r.status), QStringLiteral("finished"));
        const RunRecord back = readRunRecord(run("bf16"));
        const RunRecord plain = readRunRecord(run("full"));
        QVERIFY(!plain.training.bf16);
        const bool fallback = std::any_of(notes.begin(), notes.end(), [](const std::string& m) { return m.rfind("--bf16: ", 0) == 0; });
        if (models::kernels::cpuHasBf16()) {
            // The same seed and data as the plain run's first fold and epoch: within bf16 rounding, not equal.
            QVERIFY(back.training.bf16);
            QVERIFY(!fallback);
            const double loss = back.folds[0].epochs[0].trainLoss, reference = plain.folds[0].epochs[0].trainLoss;
            QVERIFY2(std::fabs(loss - reference) < 0.05 * reference, qPrintable(QString("%1 vs %2").arg(loss).arg(reference)));
            QVERIFY(loss != reference);
        } else {
            QVERIFY(!back.training.bf16);  // run.json says what ran
            QVERIFY(fallback);
        }
        QVERIFY(!bf16TrainingUnavailable(c10::Device(c10::kCUDA, 0)).empty());
    }

    void stopAndResumeReachTheSameState() {
        std::atomic<bool> cancel{false};
        const RunRecord stopped = Trainer::start(data(), run("resumed"), tiny()).run([&](const TrainEvent& e) {
            if (e.kind == TrainEvent::Kind::Epoch && e.fold == 0 && e.epoch == 2) cancel = true;
        }, &cancel);
        QCOMPARE(QString::fromStdString(stopped.status), QStringLiteral("stopped"));
        QCOMPARE(stopped.folds[0].status, FoldStatus::Stopped);
        QCOMPARE(stopped.folds[0].epochs.size(), std::size_t(2));
        QVERIFY(QFile::exists(QString::fromStdString(foldStateFile(run("resumed"), 0))));

        const RunRecord finished = Trainer::resume(run("resumed")).run();
        QCOMPARE(QString::fromStdString(finished.status), QStringLiteral("finished"));
        const RunRecord reference = readRunRecord(run("full"));
        for (int f = 0; f < 2; ++f) {
            const FoldRecord &a = reference.folds[std::size_t(f)], &b = finished.folds[std::size_t(f)];
            QCOMPARE(b.epochs.size(), a.epochs.size());
            QCOMPARE(b.bestEpoch, a.bestEpoch);
            for (std::size_t e = 0; e < a.epochs.size(); ++e)
                QVERIFY2(std::fabs(a.epochs[e].validationLoss - b.epochs[e].validationLoss) < 1e-5, qPrintable(QString::number(e)));
            QVERIFY(torch::allclose(outputsOf(foldModelFile(run("full"), f)), outputsOf(foldModelFile(run("resumed"), f)), 1e-4, 1e-5));
        }
    }

    void aResumeWithFewerEpochsFinishesTheFoldWithItsBestWeights() {
        std::atomic<bool> cancel{false};
        TrainingOptions o = tiny();
        o.fold = 0;
        Trainer::start(data(), run("budget"), o).run([&](const TrainEvent& e) {
            if (e.kind == TrainEvent::Kind::Epoch && e.epoch == 1) cancel = true;
        }, &cancel);
        QCOMPARE(readRunRecord(run("budget")).folds[0].status, FoldStatus::Stopped);
        const RunRecord finished = Trainer::resume(run("budget"), {}, 0, 1).run();
        QCOMPARE(QString::fromStdString(finished.status), QStringLiteral("finished"));
        QCOMPARE(finished.folds[0].status, FoldStatus::Finished);
        QCOMPARE(finished.folds[0].epochs.size(), std::size_t(1));
        QCOMPARE(readRunRecord(run("budget")).training.epochs, 1);
        // Its weights are the first epoch's, as the uninterrupted run's first epoch left them.
        QVERIFY(QFile::exists(QString::fromStdString(foldModelFile(run("budget"), 0))));
        QVERIFY(!QFile::exists(QString::fromStdString(foldStateFile(run("budget"), 0))));
    }

    void aWarmStartBeginsFromTheGivenWeights() {
        TrainingOptions o = tiny();
        o.fold = 0;
        o.epochs = 1;
        o.learningRate = 1e-8;  // the weights barely move: what the fold saves is where it began
        o.initFrom = run("full");
        const RunRecord r = Trainer::start(data(), run("warm"), o).run();
        QCOMPARE(r.folds[0].status, FoldStatus::Finished);
        QCOMPARE(readRunRecord(run("warm")).training.initFrom, run("full"));
        const auto from = models::loadModel(foldModelFile(run("full"), 0)), warm = models::loadModel(foldModelFile(run("warm"), 0));
        const auto before = from->named_parameters();
        for (const auto& p : warm->named_parameters())
            QVERIFY2(torch::allclose(p.value(), before[p.key()], 1e-4, 1e-5), p.key().c_str());

        TrainingOptions missing = o;
        missing.initFrom = run("no-such-run");
        try {
            Trainer::start(data(), run("warm-missing"), missing);
            QFAIL("a missing --init was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.subject(), std::string("--init"));
        }
        TrainingOptions other = o;
        other.architecture = "rfcn";  // the weights are an fcn's
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(data(), run("warm-other"), other));
        QVERIFY(!QFile::exists(QString::fromStdString(run("warm-other") + "/run.json")));
    }

    void evaluatesAndWritesEveryFile() {
        eval::EvaluationOptions o;
        o.runDir = run("full");
        o.testDir = dir_.filePath("ds/IRMAS-TestingData").toStdString();
        const eval::Evaluation ev = eval::evaluateRun(o);
        QCOMPARE(ev.files.size(), std::size_t(4));
        QCOMPARE(ev.folds.size(), std::size_t(2));
        QVERIFY(ev.ensembleMetrics.lrap > 0.0 && ev.ensembleMetrics.lrap <= 1.0);
        // The co-occurrence diagonal holds each class's true positives.
        for (int c = 0; c < data::kClassCount; ++c)
            QCOMPARE(ev.coOccurrence[std::size_t(c)][std::size_t(c)], ev.ensembleMetrics.perClass[std::size_t(c)].truePositives);
        const QString out = dir_.filePath("results");
        eval::writeEvaluation(ev, out.toStdString());

        QFile predictions(out + "/predictions.csv");
        QVERIFY(predictions.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(predictions.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("file,cel,cla,flu,gac,gel,org,pia,sax,tru,vio,voi"));
        QCOMPARE(lines.size(), 5);
        const QStringList first = lines[1].split(',');
        QCOMPARE(first.size(), 12);
        for (int c = 1; c < 12; ++c) QVERIFY(first[c].toDouble() >= 0.0 && first[c].toDouble() <= 1.0);

        QFile perClass(out + "/per_class.csv");
        QVERIFY(perClass.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(perClass.readAll()).split('\n', Qt::SkipEmptyParts).size(), 12);

        const eval::ResultSummary summary = eval::readResults(out.toStdString());
        QCOMPARE(summary.folds, 2);
        QCOMPARE(summary.excerpts, 4);
        QVERIFY(std::fabs(summary.f1Micro - ev.ensembleMetrics.f1Micro) < 1e-9);
        QCOMPARE(summary.coOccurrence, ev.coOccurrence);

        // The ensemble predicts a file exactly as the evaluation scored it.
        const eval::Ensemble ensemble = eval::Ensemble::load(run("full"));
        QCOMPARE(ensemble.size(), std::size_t(2));
        QVERIFY(ensemble.notes().empty());  // its fold files are in the current format
        const eval::TrackPrediction p = ensemble.predict((QDir(QString::fromStdString(ev.testDir)).filePath(QString::fromStdString(ev.files[0]))).toStdString());
        for (std::size_t c = 0; c < p.track.size(); ++c) QVERIFY(std::fabs(p.track[c] - ev.ensemble[0][c]) < 1e-5);
    }

    // calibrate: each fold's thresholds fitted to other labelled music, recorded in run.json, used
    // by eval; a dry run and a failed one leave run.json as it was.
    void calibratesThresholdsToLabelledMusic() {
        const QString runDir = dir_.filePath("calibrated");
        QVERIFY(QDir().mkpath(runDir));
        for (const char* file : {"run.json", "fold-1.pt", "fold-2.pt"}) QVERIFY(QFile::copy(dir_.filePath("full/") + file, runDir + "/" + file));
        synth::SynthOptions music;
        music.outDir = dir_.filePath("calib").toStdString();
        music.trainPerClass = 1;
        music.testCount = 24;
        music.seed = 9;
        synth::synthesizeDataset(music);
        const auto runJson = [&] {
            QFile f(runDir + "/run.json");
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray original = runJson();

        eval::CalibrationOptions o;
        o.runDir = runDir.toStdString();
        o.folders = {music.outDir};
        o.write = false;
        const eval::Calibration dry = eval::calibrateRun(o);
        QCOMPARE(runJson(), original);
        QCOMPARE(dry.excerpts, std::size_t(24));
        QCOMPARE(dry.folds.size(), std::size_t(2));

        o.write = true;
        const eval::Calibration c = eval::calibrateRun(o);
        const RunRecord before = readRunRecord(run("full")), after = readRunRecord(runDir.toStdString());
        int fitted = 0;
        for (const eval::FoldCalibration& f : c.folds) {
            QCOMPARE(after.folds[std::size_t(f.fold)].thresholds, f.after);
            QCOMPARE(f.before, before.folds[std::size_t(f.fold)].thresholds);
            QVERIFY(QString::fromStdString(after.folds[std::size_t(f.fold)].thresholdsFrom).startsWith("fitted to 24 excerpts of calib"));
            // Each class's threshold maximises its F1 there, so the macro mean cannot fall.
            QVERIFY2(f.f1MacroAfter >= f.f1MacroBefore - 1e-9, qPrintable(QString("%1 -> %2").arg(f.f1MacroBefore).arg(f.f1MacroAfter)));
            for (int k = 0; k < data::kClassCount; ++k) {
                if (c.positives[std::size_t(k)] < eval::kCalibrationMinimumPositives)
                    QCOMPARE(f.after[std::size_t(k)], f.before[std::size_t(k)]);  // too few examples: kept
                else
                    fitted += f.after[std::size_t(k)] != f.before[std::size_t(k)];
            }
        }
        QVERIFY(fitted > 0);
        // eval at calibrated thresholds now scores with the fitted ones.
        eval::EvaluationOptions e;
        e.runDir = runDir.toStdString();
        e.testDir = music.outDir;
        e.calibrated = true;
        const eval::Evaluation ev = eval::evaluateRun(e);
        for (std::size_t k = 0; k < ev.folds.size(); ++k) QVERIFY(std::fabs(ev.folds[k].metrics.f1Macro - c.folds[k].f1MacroAfter) < 1e-9);
        const auto lines = eval::readModelCard(runDir.toStdString()).lines();
        QVERIFY(std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.find("thresholds: fitted to 24 excerpts") != std::string::npos; }));

        const QByteArray calibrated = runJson();
        o.folders = {};
        try {
            eval::calibrateRun(o);
            QFAIL("calibration without music was accepted");
        } catch (const Error& err) {
            QCOMPARE(err.subject(), std::string("--on"));
        }
        o.folders = {music.outDir, dir_.filePath("no-such-folder").toStdString()};
        QVERIFY_THROWS_EXCEPTION(Error, eval::calibrateRun(o));
        QCOMPARE(runJson(), calibrated);
    }

    void refusesWhatCannotWork() {
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(data(), run("full"), tiny()));  // a run is already there
        TrainingOptions bad = tiny();
        bad.architecture = "resnet";
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::start(data(), run("bad"), bad));
        bad = tiny();
        bad.device = "cuda";
        if (!torch::cuda::is_available()) {
            try {
                Trainer::start(data(), run("gpu"), bad).run();
                QFAIL("CUDA accepted without CUDA");
            } catch (const Error& e) {
                QCOMPARE(QString::fromStdString(e.subject()), QStringLiteral("--device"));
            }
        }
        QVERIFY_THROWS_EXCEPTION(Error, Trainer::resume(run("nowhere")));
        eval::EvaluationOptions o;
        o.runDir = run("gpu");  // created, but no finished fold
        o.testDir = dir_.filePath("ds/IRMAS-TestingData").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, eval::evaluateRun(o));

        // A fold file of another architecture in a run folder is refused, naming the file, by
        // prediction and by evaluation.
        const QString foreign = dir_.filePath("foreign-fold");
        QVERIFY(QDir().mkpath(foreign));
        QVERIFY(QFile::copy(dir_.filePath("full/run.json"), foreign + "/run.json"));
        QVERIFY(QFile::copy(dir_.filePath("full/fold-1.pt"), foreign + "/fold-1.pt"));
        models::saveModel(*models::buildModel("rfcn"), (foreign + "/fold-2.pt").toStdString());
        try {
            eval::Ensemble::load(foreign.toStdString());
            QFAIL("a run with another architecture's fold file loaded");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.subject()).endsWith("foreign-fold/fold-2.pt"));
            QCOMPARE(QString::fromStdString(e.reason()), QStringLiteral("holds a rfcn model where fcn was expected (a fold file from another run?)"));
        }
        o.runDir = foreign.toStdString();
        try {
            eval::evaluateRun(o);
            QFAIL("a run with another architecture's fold file was evaluated");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.subject()).endsWith("foreign-fold/fold-2.pt"));
        }
    }
};

QTEST_GUILESS_MAIN(TrainerTest)
#include "TrainerTest.moc"
