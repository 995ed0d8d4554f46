#include "engine/eval/PythonExport.h"

#include "engine/audio/ModelInput.h"
#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/eval/Ensemble.h"
#include "engine/models/ModelFile.h"
#include "engine/models/WeightPacking.h"
#include "engine/train/RunRecord.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

namespace timbrescope::eval {
namespace {
namespace fs = std::filesystem;

constexpr std::size_t kMaxReferenceSegments = 8;

// Three seconds no model was trained on, the same on every machine: a harmonic tone, a chord
// with vibrato, and noise from a fixed linear congruential generator.
std::vector<float> generatedReference(int sampleRate) {
    std::vector<float> signal(std::size_t(3 * sampleRate));
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < signal.size(); ++i) {
        const double t = double(i) / sampleRate;
        double v = 0.0;
        if (t < 1.0) {
            for (int h = 1; h <= 6; ++h) v += 0.3 / h * std::sin(2.0 * M_PI * 220.0 * h * t);
        } else if (t < 2.0) {
            for (double f : {261.63, 329.63, 392.0}) v += 0.2 * std::sin(2.0 * M_PI * f * t + 0.02 * f * std::sin(2.0 * M_PI * 5.0 * t) / 5.0);
        } else {
            state = state * 1664525u + 1013904223u;
            v = 0.25 * (double(state >> 8) / double(1u << 24) - 0.5);
        }
        signal[i] = float(v);
    }
    return signal;
}

// The segments the reference holds: the first ones of the track, cut as predict cuts them.
audio::Segments referenceSegments(const Ensemble& ensemble, const std::string& track) {
    const audio::PreprocessOptions& options = ensemble.preprocessing();
    const std::vector<float> mono = track.empty() ? generatedReference(options.sampleRate) : audio::loadTrack(track, options).mono;
    return audio::segmentRange(mono, audio::segmentRms(mono, options), 0, kMaxReferenceSegments, options);
}

// Float32 logits of the plain forward pass: the reference the Python side must meet (the bf16
// inference path, where the CPU has it, is not what PyTorch computes in float32).
at::Tensor float32Logits(models::ModelBase& model, const at::Tensor& input) {
    torch::NoGradGuard noGrad;
    return model.forward(input).to(torch::kFloat32);
}

nlohmann::json preprocessingJson(const audio::PreprocessOptions& p) {
    return {{"sample_rate", p.sampleRate}, {"segment_length", p.segmentLength}, {"hop", p.hop}, {"silence_rms", p.silenceRms},
            {"normalisation", "each segment scaled to RMS 1; silent segments (RMS below silence_rms) stay zeros"},
            {"timbrescope", audio::describe(p)}};
}

} // namespace

PythonExport exportForPython(const std::string& runOrModel, const std::string& outDir, const std::string& referenceTrack) {
    if (!fs::exists(runOrModel)) throw Error(runOrModel, "no such run folder or model file");
    if (fs::exists(outDir) && !fs::is_directory(outDir)) throw Error("--out", "'" + outDir + "' is a file: give a folder");
    if (fs::exists(outDir) && fs::equivalent(outDir, runOrModel)) throw Error("--out", "'" + outDir + "': give a new folder, not the run itself");
    const Ensemble ensemble = Ensemble::load(runOrModel);

    // The file names: fold-K for a run's folds (in the ensemble's order), model for one file.
    std::vector<std::string> names;
    if (fs::is_directory(runOrModel)) {
        for (const auto& f : train::readRunRecord(runOrModel).folds)
            if (f.status == train::FoldStatus::Finished) names.push_back("fold-" + std::to_string(f.fold + 1));  // as the run names its files
    } else {
        names.push_back("model");
    }
    if (names.size() != ensemble.size()) throw Error(runOrModel, "its run.json changed while it was read");

    const audio::Segments segments = referenceSegments(ensemble, referenceTrack);
    const at::Tensor input = audio::toModelInput(segments);
    fs::create_directories(outDir);

    PythonExport result;
    nlohmann::json manifest;
    manifest["architecture"] = ensemble.architecture();
    manifest["exported_from"] = fs::path(runOrModel).filename().string();
    for (const auto& c : data::instrumentClasses()) manifest["classes"].push_back({{"code", c.code}, {"name", c.name}});
    manifest["preprocessing"] = preprocessingJson(ensemble.preprocessing());
    manifest["thresholds"] = std::vector<float>(ensemble.calibratedThresholds().begin(), ensemble.calibratedThresholds().end());
    manifest["combine"] = "mean of the models' sigmoid probabilities";

    std::vector<models::TensorToWrite> reference = {models::tensorToWrite("input", input)};
    at::Tensor probabilities = torch::zeros({input.size(0), data::kClassCount});
    for (std::size_t m = 0; m < ensemble.size(); ++m) {
        models::ModelBase& model = *ensemble.models()[m];
        const std::string file = names[m] + ".safetensors";
        models::savePackedModel(model, (fs::path(outDir) / file).string(), models::WeightStorage::Float32);
        const at::Tensor logits = float32Logits(model, input);
        probabilities += torch::sigmoid(logits) / double(ensemble.size());
        reference.push_back(models::tensorToWrite(names[m] + ".logits", logits));
        manifest["models"].push_back({{"file", file}, {"reference_logits", names[m] + ".logits"}});
        result.modelFiles.push_back(file);
    }
    reference.push_back(models::tensorToWrite("probabilities", probabilities));

    result.referenceSegments = std::size_t(input.size(0));
    result.referenceFrom = referenceTrack.empty() ? "generated tones and noise" : referenceTrack;
    manifest["reference"] = {{"file", "reference.safetensors"}, {"segments", result.referenceSegments}, {"from", result.referenceFrom},
                             {"tensors", "input [segments, 1, length]; <model>.logits and probabilities (float32) [segments, 11]"}};
    writeFileAtomically((fs::path(outDir) / "reference.safetensors").string(),
                        models::writeSafeTensors({{"format", "timbrescope-reference"}, {"from", result.referenceFrom}}, reference));
    writeFileAtomically((fs::path(outDir) / "timbrescope_models.py").string(), pythonModelsModule());
    writeFileAtomically((fs::path(outDir) / "export.json").string(), manifest.dump(2) + "\n");
    return result;
}

} // namespace timbrescope::eval
