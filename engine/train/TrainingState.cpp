#include "engine/train/TrainingState.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/models/ArchiveCheck.h"

#include <torch/torch.h>

#include <sstream>

namespace timbrescope::train {
namespace {

at::Tensor generatorState() {
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    return generator.get_state();
}

void restoreGenerator(const at::Tensor& state) {
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
}

} // namespace

void saveTrainingState(const std::string& path, const models::ModelBase& model, const torch::optim::Adam& optimizer,
                       const FoldProgress& progress) {
    torch::serialize::OutputArchive archive, modelArchive, optimizerArchive;
    model.save(modelArchive);
    optimizer.save(optimizerArchive);
    archive.write("model", modelArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("completed_epochs", c10::IValue(std::int64_t(progress.completedEpochs)));
    archive.write("best_epoch", c10::IValue(std::int64_t(progress.bestEpoch)));
    archive.write("learning_rate", c10::IValue(progress.learningRate));
    archive.write("monitor_best", c10::IValue(progress.monitor.best));
    archive.write("monitor_decay_wait", c10::IValue(std::int64_t(progress.monitor.decayWait)));
    archive.write("monitor_stop_wait", c10::IValue(std::int64_t(progress.monitor.stopWait)));
    archive.write("rng", generatorState(), /*is_buffer=*/true);
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(path, bytes.str());
}

FoldProgress loadTrainingState(const std::string& path, models::ModelBase& model, torch::optim::Adam& optimizer) {
    const std::vector<std::uint8_t> bytes = models::readVerifiedArchive(path, "training state file");
    try {
        torch::serialize::InputArchive archive, modelArchive, optimizerArchive;
        // Straight onto the model's device, so weights and Adam's moments stay together.
        const auto parameters = model.parameters();
        archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size(),
                          parameters.empty() ? c10::Device(c10::kCPU) : parameters.front().device());
        archive.read("model", modelArchive);
        archive.read("optimizer", optimizerArchive);
        model.load(modelArchive);
        optimizer.load(optimizerArchive);
        c10::IValue value;
        FoldProgress p;
        archive.read("completed_epochs", value), p.completedEpochs = int(value.toInt());
        archive.read("best_epoch", value), p.bestEpoch = int(value.toInt());
        archive.read("learning_rate", value), p.learningRate = value.toDouble();
        archive.read("monitor_best", value), p.monitor.best = value.toDouble();
        archive.read("monitor_decay_wait", value), p.monitor.decayWait = int(value.toInt());
        archive.read("monitor_stop_wait", value), p.monitor.stopWait = int(value.toInt());
        at::Tensor rng;
        archive.read("rng", rng, /*is_buffer=*/true);
        restoreGenerator(rng);
        return p;
    } catch (const c10::Error& e) {
        throw Error(path, std::string("cannot resume from this training state (damaged or from another model): ") +
                              e.what_without_backtrace());
    }
}

} // namespace timbrescope::train
