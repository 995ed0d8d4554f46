#include "engine/train/Trainer.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/BatchLoader.h"
#include "engine/data/CacheLocation.h"
#include "engine/data/ContentHash.h"
#include "engine/data/DatasetScanner.h"
#include "engine/data/Folds.h"
#include "engine/data/SegmentDataset.h"
#include "engine/eval/Predictor.h"
#include "engine/models/ModelFile.h"
#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/FastKernels.h"
#include "engine/train/Device.h"
#include "engine/train/PlateauMonitor.h"
#include "engine/train/RunLock.h"
#include "engine/train/TrainingState.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <random>

namespace timbrescope::train {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Hash of the training files' relative paths, contents and labels: a resumed or evaluated run
// can tell whether its dataset changed.
std::string fingerprint(const data::DatasetIndex& index, const std::vector<std::size_t>& entries) {
    std::string text;
    for (std::size_t i : entries) {
        const auto& e = index.entries[i];
        text += e.relativePath + '\t' + data::hexHash(e.contentHash) + '\t' + std::to_string(e.labels) + '\n';
    }
    return data::hexHash(data::hashBytes(text.data(), text.size()));
}

// Everything a run trains from: the scan, the folds and the cached segments.
struct PreparedData {
    data::DatasetIndex index;
    std::vector<std::size_t> trainEntries;
    std::vector<int> foldOf;  // parallel to trainEntries
    std::unique_ptr<data::SegmentCache> cache;
    std::unique_ptr<data::SegmentDataset> segments;
    std::string fingerprint;

    std::vector<std::size_t> entriesIn(int fold, bool inside) const {
        std::vector<std::size_t> result;
        for (std::size_t k = 0; k < trainEntries.size(); ++k)
            if ((foldOf[k] == fold) == inside) result.push_back(trainEntries[k]);
        return result;
    }
};

PreparedData prepare(const std::string& dataDir, const TrainingOptions& o, const audio::PreprocessOptions& preprocessing,
                     const TrainCallback& emit) {
    PreparedData d;
    auto say = [&](const std::string& message) {
        if (!emit) return;
        TrainEvent e;
        e.kind = TrainEvent::Kind::Preparing;
        e.message = message;
        emit(e);
    };
    say("scanning " + dataDir);
    d.index = data::scanDataset(dataDir);
    d.trainEntries = d.index.indicesOf(data::Split::Train);
    if (d.trainEntries.empty())
        throw Error(dataDir, "holds no training files (expected IRMAS-TrainingData/<class>/*.wav)");
    d.fingerprint = fingerprint(d.index, d.trainEntries);
    d.foldOf = data::assignFolds(d.index, d.trainEntries, o.folds, o.seed);
    d.cache = std::make_unique<data::SegmentCache>(data::datasetCacheDir(d.index.root), preprocessing);
    say("preparing " + std::to_string(d.trainEntries.size()) + " training files (decoded once, then cached)");
    d.segments = std::make_unique<data::SegmentDataset>(data::SegmentDataset::load(d.index, d.trainEntries, *d.cache, o.threads));
    return d;
}

// The weights fold `fold` (0-based) starts from under TrainingOptions::initFrom.
std::string initialWeightsFile(const std::string& from, int fold) {
    std::error_code ec;
    if (!fs::is_directory(from, ec)) {
        if (!fs::is_regular_file(from, ec)) throw Error("--init", "no such run folder or model file: " + from);
        return from;
    }
    for (int k : {fold, 0})
        if (fs::is_regular_file(foldModelFile(from, k), ec)) return foldModelFile(from, k);
    throw Error(from, "has no fold model (fold-1.pt) to start from (--init)");
}

// Copies every parameter and buffer of `from` into `to`; both must be the same architecture.
void copyWeights(const models::ModelBase& from, models::ModelBase& to, const std::string& fromPath) {
    torch::NoGradGuard noGrad;
    auto copyAll = [&](const auto& source, auto target) {
        for (const auto& t : target) {
            const at::Tensor* s = source.find(t.key());
            if (!s || !s->sizes().equals(t.value().sizes()))
                throw Error(fromPath, "its weights do not fit this architecture and options (" + t.key() + ") (--init)");
            t.value().copy_(*s);
        }
    };
    copyAll(from.named_parameters(), to.named_parameters());
    copyAll(from.named_buffers(), to.named_buffers());
}

class FoldTrainer {
public:
    FoldTrainer(const PreparedData& data, RunRecord& record, const std::string& runDir, int fold, c10::Device device,
                const TrainCallback& emit, const std::atomic<bool>* cancel, int foldIndex, int foldsToRun)
        : data_(data), record_(record), runDir_(runDir), fold_(fold), device_(device), emit_(emit), cancel_(cancel),
          foldIndex_(foldIndex), foldsToRun_(foldsToRun), o_(record.training),
          monitor_(o_.decayPatience, o_.stopPatience) {}

    // Returns false when cancelled.
    bool run() {
        FoldRecord& f = foldRecord();
        torch::manual_seed(o_.seed * 1000 + std::uint64_t(fold_));
        model_ = models::buildModel(o_.architecture, o_.modelOptions);
        model_->to(device_);
        optimizer_ = std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(o_.learningRate));
        double learningRate = o_.learningRate;
        int firstEpoch = 0;
        const std::string statePath = foldStateFile(runDir_, fold_);
        if (fs::exists(statePath)) {
            FoldProgress p;
            try {
                p = loadTrainingState(statePath, *model_, *optimizer_);
            } catch (const Error& e) {
                throw Error(e.subject(), e.reason() + " (delete it to train fold " + std::to_string(fold_ + 1) + " again from its first epoch)");
            }
            firstEpoch = p.completedEpochs;
            learningRate = p.learningRate;
            monitor_.restore(p.monitor);
            f.bestEpoch = p.bestEpoch;
            f.bestValidationLoss = p.monitor.best;
            // run.json may be one epoch ahead of the state if a kill fell between the two writes.
            if (int(f.epochs.size()) > firstEpoch) f.epochs.resize(std::size_t(firstEpoch));
        } else {
            f.epochs.clear();
            if (!o_.initFrom.empty()) {
                const std::string from = initialWeightsFile(o_.initFrom, fold_);
                copyWeights(*models::loadModel(from, o_.architecture), *model_, from);
            }
        }
        setLearningRate(learningRate);

        const std::vector<std::size_t> validationEntries = data_.entriesIn(fold_, true);
        std::vector<std::size_t> trainItems = data_.segments->itemsOf(data_.entriesIn(fold_, false));
        const std::vector<std::size_t> validationItems = data_.segments->itemsOf(validationEntries);
        if (o_.maxTrainSegments > 0 && std::int64_t(trainItems.size()) > o_.maxTrainSegments) {
            std::mt19937_64 rng(o_.seed * 7919 + std::uint64_t(fold_));
            std::shuffle(trainItems.begin(), trainItems.end(), rng);
            trainItems.resize(std::size_t(o_.maxTrainSegments));
            std::sort(trainItems.begin(), trainItems.end());
        }
        if (trainItems.empty() || validationItems.empty())
            throw Error("--folds", "fold " + std::to_string(fold_ + 1) + " has no training or no validation segments");
        f.status = FoldStatus::Running;
        f.trainSegments = std::int64_t(trainItems.size());
        f.validationSegments = std::int64_t(validationItems.size());
        f.validationFiles = std::int64_t(validationEntries.size());

        TrainEvent started = event(TrainEvent::Kind::FoldStarted);
        started.message = "fold " + std::to_string(fold_ + 1) + ": " + std::to_string(trainItems.size()) + " training and " +
                          std::to_string(validationItems.size()) + " validation segments";
        notify(started);

        const data::Augmentation augmentation{o_.mixing, o_.equaliser, record_.preprocessing.sampleRate, o_.effects, o_.mixup};
        data::BatchLoader loader(*data_.segments, trainItems, o_.batch, true, o_.seed * 1000 + std::uint64_t(fold_), 2, augmentation);
        if (o_.mixing.enabled()) mixtures_ = makeValidationMixtures(validationItems);
        f.validationMixtures = std::int64_t(mixtures_.labels.size());
        const auto foldStart = Clock::now();
        // A kill after the stopping epoch's checkpoint but before the fold finished: stop again.
        bool stopEarly = monitor_.state().stopWait >= o_.stopPatience;
        for (int epoch = firstEpoch; epoch < o_.epochs && !stopEarly; ++epoch) {
            EpochRecord e;
            e.epoch = epoch + 1;
            e.learningRate = learningRate;
            const auto epochStart = Clock::now();
            if (!trainEpoch(loader, epoch, e)) return false;
            e.seconds = since(epochStart);
            validate(validationItems, e);

            const PlateauDecision decision = monitor_.observe(e.validationLoss);
            if (decision.improved) {
                models::saveModel(*model_, foldModelFile(runDir_, fold_));
                f.bestEpoch = e.epoch;
                f.bestValidationLoss = e.validationLoss;
            }
            if (decision.decay) setLearningRate(learningRate *= o_.decayFactor);
            stopEarly = decision.stop;
            f.earlyStopped = decision.stop;
            f.epochs.push_back(e);
            f.seconds += e.seconds;
            record_.trainSeconds += e.seconds;
            // run.json first, then the state: a kill in between leaves run.json one epoch ahead,
            // which resuming trims (see above).
            writeRunRecord(runDir_, record_);
            saveTrainingState(statePath, *model_, *optimizer_, {e.epoch, f.bestEpoch, learningRate, monitor_.state()});
            TrainEvent done = event(TrainEvent::Kind::Epoch);
            done.epoch = e.epoch;
            done.epochRecord = e;
            done.learningRate = learningRate;
            done.segmentsPerSecond = e.segmentsPerSecond;
            notify(done);
        }
        finish(validationEntries);
        f.seconds = std::max(f.seconds, since(foldStart));
        return true;
    }

private:
    FoldRecord& foldRecord() { return record_.folds[std::size_t(fold_)]; }

    TrainEvent event(TrainEvent::Kind kind) const {
        TrainEvent e;
        e.kind = kind;
        e.fold = fold_;
        e.foldIndex = foldIndex_;
        e.foldsToRun = foldsToRun_;
        e.epochs = o_.epochs;
        return e;
    }
    void notify(const TrainEvent& e) const {
        if (emit_) emit_(e);
    }

    void setLearningRate(double rate) {
        for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
    }

    bool trainEpoch(data::BatchLoader& loader, int epoch, EpochRecord& record) {
        model_->train();
        loader.startEpoch(epoch);
        const int batches = int(loader.batchesPerEpoch());
        double lossSum = 0.0;
        std::int64_t segments = 0;
        const auto start = Clock::now();
        int b = 0;
        while (auto batch = loader.next()) {
            ++b;
            if (cancel_ && cancel_->load()) {
                TrainEvent stopped = event(TrainEvent::Kind::Stopped);
                stopped.epoch = epoch + 1;
                stopped.batch = b;
                stopped.message = "stopped at fold " + std::to_string(fold_ + 1) + ", epoch " + std::to_string(epoch + 1) +
                                  ", batch " + std::to_string(b) + "; the last completed epoch is kept";
                notify(stopped);
                return false;
            }
            optimizer_->zero_grad();
            // bf16 mixed precision: the fast convolutions and GRU products of this step on bf16
            // operands (their backward follows); validation and inference stay float32.
            std::optional<models::kernels::Bf16Activations> bf16;
            if (o_.bf16) bf16.emplace();
            const at::Tensor loss = torch::binary_cross_entropy_with_logits(model_->forward(batch->inputs.to(device_)),
                                                                             batch->targets.to(device_));
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw Error("training", "the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") + " at fold " +
                                            std::to_string(fold_ + 1) + ", epoch " + std::to_string(epoch + 1) + ", batch " +
                                            std::to_string(b) + " (try a lower --lr); the last good checkpoint is kept");
            loss.backward();
            optimizer_->step();
            const auto rows = std::int64_t(batch->items.size());
            lossSum += value * double(rows);
            segments += rows;
            const double elapsed = since(start);
            TrainEvent progress = event(TrainEvent::Kind::Batch);
            progress.epoch = epoch + 1;
            progress.batch = b;
            progress.batches = batches;
            progress.loss = lossSum / double(segments);
            progress.learningRate = record.learningRate;
            progress.segmentsPerSecond = double(segments) / std::max(elapsed, 1e-9);
            progress.etaSeconds = elapsed / b * (batches - b);
            notify(progress);
        }
        record.trainLoss = lossSum / double(std::max<std::int64_t>(1, segments));
        record.segmentsPerSecond = double(segments) / std::max(since(start), 1e-9);
        return true;
    }

    // With mixing augmentation, validation also scores fixed mixtures of this fold's validation
    // segments (as many as there are segments, at most 1 024, each 2…maxSources instruments):
    // so early stopping and the calibrated thresholds see polyphony, as the test set will.
    struct ValidationMixtures {
        std::vector<float> samples;  // count × segment length
        std::vector<data::LabelSet> labels;
    };

    ValidationMixtures makeValidationMixtures(const std::vector<std::size_t>& items) const {
        data::MixingOptions always = o_.mixing;
        always.share = 1.0;
        const std::size_t count = std::min<std::size_t>(items.size(), 1024);
        const auto length = std::size_t(data_.segments->segmentLength());
        std::mt19937_64 rng(o_.seed * 31 + std::uint64_t(fold_));  // the same mixtures every epoch and on resume
        ValidationMixtures m;
        m.samples.resize(count * length);
        for (std::size_t k = 0; k < count; ++k)
            m.labels.push_back(data::mixExample(*data_.segments, items[k * items.size() / count], items, always, rng,
                                                m.samples.data() + k * length));
        return m;
    }

    // Validation loss over segments (and mixtures); F1 over files (mean of their segments'
    // probabilities, as test excerpts are scored) and mixtures. Fills `probabilities`/`labels`
    // per file and mixture when asked.
    void validate(const std::vector<std::size_t>& items, EpochRecord& record, eval::Probabilities* fileProbabilities = nullptr,
                  std::vector<data::LabelSet>* fileLabels = nullptr) {
        const auto length = std::size_t(data_.segments->segmentLength());
        std::vector<const float*> rows;
        for (std::size_t item : items) rows.push_back(data_.segments->samples(item));
        for (std::size_t k = 0; k < mixtures_.labels.size(); ++k) rows.push_back(mixtures_.samples.data() + k * length);
        const eval::Probabilities logits =
            eval::segmentLogits(*model_, rows, data_.segments->segmentLength(), device_, std::max(o_.batch, 64));
        double loss = 0.0;
        std::map<std::size_t, std::vector<eval::ClassVector>> perFile;
        for (std::size_t k = 0; k < items.size(); ++k) {
            loss += eval::bceWithLogits(logits[k], data_.segments->labels(items[k]));
            perFile[data_.segments->entryOf(items[k])].push_back(eval::sigmoid(logits[k]));
        }
        eval::Probabilities probabilities;
        std::vector<data::LabelSet> labels;
        for (const auto& [entry, segments] : perFile) {
            probabilities.push_back(eval::mean(segments));
            labels.push_back(data_.index.entries[entry].labels);
        }
        for (std::size_t k = 0; k < mixtures_.labels.size(); ++k) {
            const eval::ClassVector& l = logits[items.size() + k];
            loss += eval::bceWithLogits(l, mixtures_.labels[k]);
            probabilities.push_back(eval::sigmoid(l));
            labels.push_back(mixtures_.labels[k]);
        }
        record.validationLoss = loss / double(rows.size());
        const eval::MetricSet m = eval::computeMetrics(probabilities, labels, eval::uniformThresholds());
        record.validationF1Micro = m.f1Micro;
        record.validationF1Macro = m.f1Macro;
        if (fileProbabilities) *fileProbabilities = std::move(probabilities);
        if (fileLabels) *fileLabels = std::move(labels);
    }

    // Restores the best weights, calibrates per-class thresholds on this fold's validation files.
    void finish(const std::vector<std::size_t>& validationEntries) {
        FoldRecord& f = foldRecord();
        model_ = models::loadModel(foldModelFile(runDir_, fold_), o_.architecture);
        model_->to(device_);
        eval::Probabilities probabilities;
        std::vector<data::LabelSet> labels;
        EpochRecord best;
        validate(data_.segments->itemsOf(validationEntries), best, &probabilities, &labels);
        f.thresholds = eval::calibrateThresholds(probabilities, labels);
        f.thresholdsFrom.clear();
        f.status = FoldStatus::Finished;
        writeRunRecord(runDir_, record_);
        std::error_code ec;
        fs::remove(foldStateFile(runDir_, fold_), ec);  // only needed to resume an unfinished fold
        TrainEvent done = event(TrainEvent::Kind::FoldFinished);
        done.epoch = int(f.epochs.size());
        done.message = "fold " + std::to_string(fold_ + 1) + " finished: best epoch " + std::to_string(f.bestEpoch) +
                       " (validation loss " + std::to_string(f.bestValidationLoss) + ")" + (f.earlyStopped ? ", stopped early" : "");
        notify(done);
    }

    const PreparedData& data_;
    RunRecord& record_;
    const std::string& runDir_;
    int fold_;
    c10::Device device_;
    const TrainCallback& emit_;
    const std::atomic<bool>* cancel_;
    int foldIndex_, foldsToRun_;
    const TrainingOptions& o_;
    PlateauMonitor monitor_;
    std::shared_ptr<models::ModelBase> model_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    ValidationMixtures mixtures_;
};

} // namespace

Trainer::Trainer(std::string dataDir, std::string runDir, TrainingOptions options, bool resuming)
    : dataDir_(std::move(dataDir)), runDir_(std::move(runDir)), options_(std::move(options)), resuming_(resuming) {}

Trainer Trainer::start(std::string dataDir, std::string runDir, TrainingOptions options) {
    validate(options);
    // Names, options and the warm start's weights are checked before any work.
    const auto model = models::buildModel(options.architecture, options.modelOptions);
    if (!options.initFrom.empty()) {
        const std::string from = initialWeightsFile(options.initFrom, 0);
        copyWeights(*models::loadModel(from, options.architecture), *model, from);
    }
    if (fs::exists(runFile(runDir)))
        throw Error(runDir, "already holds a training run (continue it with --resume, or choose another --out)");
    return Trainer(std::move(dataDir), std::move(runDir), std::move(options), false);
}

Trainer Trainer::resume(std::string runDir, std::string dataDir, int threads, int epochs) {
    RunRecord record = readRunRecord(runDir);
    if (threads > 0) record.training.threads = threads;
    if (epochs > 0) record.training.epochs = epochs;
    return Trainer(dataDir.empty() ? record.dataset.root : std::move(dataDir), std::move(runDir), record.training, true);
}

RunRecord Trainer::run(const TrainCallback& onEvent, const std::atomic<bool>* cancel) {
    const c10::Device device = parseDevice(options_.device);
    if (options_.threads > 0) torch::set_num_threads(options_.threads);

    RunRecord record;
    std::optional<RunLock> lock;
    if (resuming_) {
        lock.emplace(runDir_);
        record = readRunRecord(runDir_);
        record.training.threads = options_.threads;
        record.training.epochs = options_.epochs;  // a new bound may have been given
        removeStaleTemporaries(runDir_);  // half-written checkpoints of a killed run
    } else {
        std::error_code ec;
        fs::create_directories(runDir_, ec);
        if (!fs::is_directory(runDir_)) throw Error(runDir_, "cannot create the run folder: " + ec.message());
        lock.emplace(runDir_);
        if (fs::exists(runFile(runDir_)))  // written since start() looked
            throw Error(runDir_, "already holds a training run (continue it with --resume, or choose another --out)");
        record.training = options_;
        record.parameters = models::countParameters(*models::buildModel(options_.architecture, options_.modelOptions));
        for (int f = 0; f < options_.folds; ++f) {
            FoldRecord fold;
            fold.fold = f;
            record.folds.push_back(fold);
        }
        // Before any long work: a run killed while preparing its data continues with --resume too.
        record.message = "preparing the dataset";
        writeRunRecord(runDir_, record);
    }
    auto fail = [&](const std::string& message) {
        record.status = "failed";
        record.message = message;
        try {
            writeRunRecord(runDir_, record);
        } catch (const Error&) {
        }
    };

    if (record.training.bf16) {
        const std::string why = bf16TrainingUnavailable(device);
        if (!why.empty()) {
            record.training.bf16 = false;  // run.json says what ran
            if (onEvent) {
                TrainEvent note;
                note.kind = TrainEvent::Kind::Preparing;
                note.message = "--bf16: " + why + "; training in float32";
                onEvent(note);
            }
        }
    }

    try {
        const auto prepareStart = Clock::now();
        const PreparedData data = prepare(dataDir_, record.training, record.preprocessing, onEvent);
        if (resuming_ && !record.dataset.fingerprint.empty() && record.dataset.fingerprint != data.fingerprint)
            throw Error(dataDir_, "is not the dataset this run was trained on (its files or labels changed)");
        record.dataset = {data.index.root, data.fingerprint, std::int64_t(data.trainEntries.size()), std::int64_t(data.segments->size()), {}, {}};
        readGeneratorManifest(record.dataset);
        record.prepareSeconds += since(prepareStart);
        record.status = "running";
        record.message.clear();
        writeRunRecord(runDir_, record);

        std::vector<int> folds;
        for (int f = 0; f < record.training.folds; ++f)
            if ((record.training.fold < 0 || record.training.fold == f) && record.folds[std::size_t(f)].status != FoldStatus::Finished)
                folds.push_back(f);
        for (std::size_t k = 0; k < folds.size(); ++k) {
            FoldTrainer trainer(data, record, runDir_, folds[k], device, onEvent, cancel, int(k), int(folds.size()));
            if (!trainer.run()) {
                record.folds[std::size_t(folds[k])].status = FoldStatus::Stopped;
                record.status = "stopped";
                record.message = "stopped by request; continue with --resume";
                writeRunRecord(runDir_, record);
                return record;
            }
        }
        record.status = "finished";
        writeRunRecord(runDir_, record);
        if (onEvent) {
            TrainEvent finished;
            finished.kind = TrainEvent::Kind::Finished;
            finished.message = "training finished";
            onEvent(finished);
        }
        return record;
    } catch (const Error& e) {
        fail(e.what());
        throw;
    } catch (const std::exception& e) {
        fail(e.what());
        throw Error(runDir_, std::string("training failed: ") + e.what());
    }
}

} // namespace timbrescope::train
