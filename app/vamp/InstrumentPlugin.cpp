#include "app/vamp/InstrumentPlugin.h"

#include "engine/audio/Segmenter.h"
#include "engine/core/AssetLocation.h"
#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/eval/Metrics.h"
#include "engine/eval/ModelCard.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

namespace timbrescope::vamp {
namespace {
namespace fs = std::filesystem;

const char* const kBundled[] = {"models/crnn3", "models/cqt-cnn-reduced"};

// Where this plugin's file lies: scripts/install-vamp puts the bundled models beside it.
fs::path pluginFolder() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<const void*>(&pluginFolder), &info) == 0 || !info.dli_fname) return {};
    return fs::path(info.dli_fname).parent_path();
}

std::string bundledModel(int choice) {
    const std::string relative = kBundled[choice];
    std::error_code error;
    const fs::path beside = pluginFolder() / "timbrescope-assets" / relative;
    if (fs::exists(beside, error)) return beside.string();
    return findAsset(relative);
}

std::vector<std::string> classNames() {
    std::vector<std::string> names;
    for (const auto& c : data::instrumentClasses()) names.push_back(c.name);
    return names;
}

Vamp::RealTime seconds(double s) { return Vamp::RealTime::fromSeconds(s); }

Vamp::Plugin::Feature featureAt(double start) {
    Vamp::Plugin::Feature f;
    f.hasTimestamp = true;
    f.timestamp = seconds(start);
    return f;
}

Vamp::Plugin::Feature featureSpanning(double start, double duration) {
    Vamp::Plugin::Feature f = featureAt(start);
    f.hasDuration = true;
    f.duration = seconds(duration);
    return f;
}

} // namespace

InstrumentPlugin::InstrumentPlugin(float inputSampleRate) : Vamp::Plugin(inputSampleRate) {}

std::string InstrumentPlugin::getDescription() const {
    return "Which of the 11 IRMAS instruments (cello, clarinet, flute, guitars, organ, piano, saxophone, trumpet, violin, voice) "
           "a Timbrescope model hears, per 1-s segment and for the whole track";
}

Vamp::Plugin::ParameterList InstrumentPlugin::getParameterDescriptors() const {
    ParameterDescriptor model;
    model.identifier = "model";
    model.name = "Model";
    model.description = "The bundled model to listen with ($TIMBRESCOPE_VAMP_MODEL, a run folder or model file, overrides it)";
    model.minValue = 0, model.maxValue = 1, model.defaultValue = 0;
    model.isQuantized = true, model.quantizeStep = 1;
    model.valueNames = {"crnn3 (raw waveform)", "cqt-cnn-reduced (CQT baseline)"};

    ParameterDescriptor calibrated;
    calibrated.identifier = "calibrated";
    calibrated.name = "Calibrated thresholds";
    calibrated.description = "Use the model's per-instrument thresholds; off: the threshold below for every instrument";
    calibrated.minValue = 0, calibrated.maxValue = 1, calibrated.defaultValue = 1;
    calibrated.isQuantized = true, calibrated.quantizeStep = 1;

    ParameterDescriptor threshold;
    threshold.identifier = "threshold";
    threshold.name = "Threshold";
    threshold.description = "The probability at which an instrument counts as heard, when not calibrated";
    threshold.minValue = 0.01f, threshold.maxValue = 0.99f, threshold.defaultValue = 0.5f;
    return {model, calibrated, threshold};
}

float InstrumentPlugin::getParameter(std::string name) const {
    if (name == "model") return modelChoice_;
    if (name == "calibrated") return calibrated_;
    if (name == "threshold") return threshold_;
    return 0.0f;
}

void InstrumentPlugin::setParameter(std::string name, float value) {
    if (name == "model") modelChoice_ = value >= 0.5f ? 1.0f : 0.0f;
    else if (name == "calibrated") calibrated_ = value >= 0.5f ? 1.0f : 0.0f;
    else if (name == "threshold") threshold_ = std::clamp(value, 0.01f, 0.99f);
}

std::string InstrumentPlugin::modelPath() const {
    if (const char* env = std::getenv("TIMBRESCOPE_VAMP_MODEL"); env && *env) return env;
    return bundledModel(modelChoice_ >= 0.5f ? 1 : 0);
}

Vamp::Plugin::OutputList InstrumentPlugin::getOutputDescriptors() const {
    OutputDescriptor probabilities;
    probabilities.identifier = "probabilities";
    probabilities.name = "Instrument probabilities";
    probabilities.description = "Per 1-s segment, the probability of each instrument";
    probabilities.unit = "";
    probabilities.hasFixedBinCount = true;
    probabilities.binCount = data::kClassCount;
    probabilities.binNames = classNames();
    probabilities.hasKnownExtents = true;
    probabilities.minValue = 0, probabilities.maxValue = 1;
    // A fixed rate (one segment a second, the paper's hop) lets hosts draw it as a colour grid
    // with the instrument names on its rows; the labelled outputs below carry durations instead.
    probabilities.sampleType = OutputDescriptor::FixedSampleRate;
    probabilities.sampleRate = 1.0f;
    probabilities.hasDuration = false;

    OutputDescriptor instruments = probabilities;
    instruments.identifier = "instruments";
    instruments.name = "Instruments heard";
    instruments.description = "Per 1-s segment, the instruments at or above their thresholds (at least the most probable one)";
    instruments.binCount = 0;
    instruments.binNames.clear();
    instruments.hasKnownExtents = false;
    instruments.sampleType = OutputDescriptor::VariableSampleRate;
    instruments.hasDuration = true;

    OutputDescriptor track = probabilities;
    track.identifier = "track";
    track.name = "Whole track";
    track.description = "The mean probability of each instrument over the track, labelled with what the model heard";
    track.sampleType = OutputDescriptor::VariableSampleRate;
    track.sampleRate = 0.0f;
    track.hasDuration = true;
    return {probabilities, instruments, track};
}

bool InstrumentPlugin::initialise(size_t channels, size_t stepSize, size_t blockSize) {
    if (channels < getMinChannelCount() || channels > getMaxChannelCount() || blockSize == 0 || stepSize != blockSize) {
        std::cerr << "timbrescope-vamp: needs 1-64 channels and step = block size (got " << channels << " channels, step " << stepSize
                  << ", block " << blockSize << ")\n";
        return false;
    }
    const std::string path = modelPath();
    try {
        if (path.empty()) throw Error("timbrescope-vamp", "the bundled models are not installed (scripts/install-vamp)");
        // LibTorch starts with one thread here (Debian's build): give it the machine.
        at::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
        ensemble_ = std::make_unique<eval::Ensemble>(eval::Ensemble::load(path));
    } catch (const std::exception& e) {
        std::cerr << "timbrescope-vamp: " << e.what() << "\n";
        return false;
    }
    channels_ = channels, blockSize_ = blockSize;
    reset();
    return true;
}

void InstrumentPlugin::reset() {
    mono_.clear();
    if (ensemble_) {
        const audio::PreprocessOptions& p = ensemble_->preprocessing();
        resampler_ = std::make_unique<audio::Resampler>(int(std::lround(getInputSampleRate())), p.sampleRate, p.converter);
    }
}

Vamp::Plugin::FeatureSet InstrumentPlugin::process(const float* const* inputBuffers, Vamp::RealTime) {
    if (!resampler_) return {};
    // The paper's down-mix, the plain mean of the channels, then straight on to 22.05 kHz.
    block_.assign(blockSize_, 0.0f);
    for (size_t c = 0; c < channels_; ++c)
        for (size_t i = 0; i < blockSize_; ++i) block_[i] += inputBuffers[c][i];
    for (float& v : block_) v /= float(channels_);
    resampler_->process(block_.data(), std::int64_t(blockSize_), false, mono_);
    return {};
}

Vamp::Plugin::FeatureSet InstrumentPlugin::getRemainingFeatures() {
    FeatureSet features;
    if (!resampler_ || !ensemble_) return features;
    resampler_->process(nullptr, 0, true, mono_);
    if (mono_.empty()) return features;
    const audio::PreprocessOptions& options = ensemble_->preprocessing();
    const eval::TrackPrediction p = *ensemble_->predictSignal(mono_, audio::segmentRms(mono_, options));

    const eval::ClassVector thresholds = calibrated_ >= 0.5f ? ensemble_->calibratedThresholds() : eval::uniformThresholds(threshold_);
    for (std::size_t i = 0; i < p.segments.size(); ++i) {
        const double start = double(i) * p.hopSeconds;
        Feature probabilities = featureAt(start);  // its duration is implied by the output's fixed rate
        probabilities.values.assign(p.segments[i].begin(), p.segments[i].end());
        features[0].push_back(probabilities);
        Feature heard = featureSpanning(start, p.segmentSeconds);
        if (p.silent[i]) {
            heard.label = "silence";
        } else {
            const auto decided = eval::decide(p.segments[i], thresholds, eval::DecisionRule::AtLeastOne);
            for (int c = 0; c < data::kClassCount; ++c)
                if (decided[std::size_t(c)]) heard.label += (heard.label.empty() ? "" : ", ") + std::string(data::instrumentClasses()[std::size_t(c)].name);
        }
        features[1].push_back(heard);
    }
    Feature track = featureSpanning(0.0, double(mono_.size()) / options.sampleRate);
    track.values.assign(p.track.begin(), p.track.end());
    track.label = eval::verdictOf(p.track, thresholds).text;
    features[2].push_back(track);
    return features;
}

} // namespace timbrescope::vamp
