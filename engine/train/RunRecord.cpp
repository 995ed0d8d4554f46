#include "engine/train/RunRecord.h"

#include "engine/augment/EffectOptionsJson.h"
#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace timbrescope::train {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// JSON has no infinity: a best loss not yet seen is null.
json finiteOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double finiteOr(const json& j, double fallback) { return j.is_number() ? j.get<double>() : fallback; }

const FoldStatus kStatuses[] = {FoldStatus::Pending, FoldStatus::Running, FoldStatus::Stopped, FoldStatus::Finished};

FoldStatus parseStatus(const std::string& name) {
    for (FoldStatus s : kStatuses)
        if (name == statusName(s)) return s;
    return FoldStatus::Pending;
}

json toJson(const RunRecord& r) {
    json classes = json::array();
    for (int c = 0; c < data::kClassCount; ++c) classes.push_back(data::classCode(c));
    const TrainingOptions& t = r.training;
    const audio::PreprocessOptions& p = r.preprocessing;
    json folds = json::array();
    for (const FoldRecord& f : r.folds) {
        json epochs = json::array();
        for (const EpochRecord& e : f.epochs)
            epochs.push_back({{"epoch", e.epoch}, {"train_loss", e.trainLoss}, {"val_loss", e.validationLoss},
                              {"val_f1_micro", e.validationF1Micro}, {"val_f1_macro", e.validationF1Macro},
                              {"lr", e.learningRate}, {"seconds", e.seconds}, {"segments_per_s", e.segmentsPerSecond}});
        folds.push_back({{"fold", f.fold + 1}, {"status", statusName(f.status)}, {"train_segments", f.trainSegments},
                         {"val_segments", f.validationSegments}, {"val_files", f.validationFiles},
                         {"val_mixtures", f.validationMixtures}, {"epochs", epochs},
                         {"best_epoch", f.bestEpoch}, {"best_val_loss", finiteOrNull(f.bestValidationLoss)},
                         {"early_stopped", f.earlyStopped}, {"thresholds", f.thresholds}, {"seconds", f.seconds}});
        if (!f.thresholdsFrom.empty()) folds.back()["thresholds_from"] = f.thresholdsFrom;
    }
    return {{"format", r.format},
            {"status", r.status},
            {"message", r.message},
            {"architecture", t.architecture},
            {"model_options", t.modelOptions},
            {"parameters", {{"trainable", r.parameters.trainable}, {"keras_total", r.parameters.kerasTotal}}},
            {"classes", classes},
            {"preprocessing",
             {{"sample_rate", p.sampleRate}, {"converter", audio::converterName(p.converter)}, {"segment_length", p.segmentLength},
              {"hop", p.hop}, {"silence_rms", p.silenceRms}, {"description", audio::describe(p)}}},
            {"training",
             {{"folds", t.folds}, {"fold", t.fold < 0 ? json("all") : json(t.fold + 1)}, {"epochs", t.epochs}, {"batch", t.batch},
              {"lr", t.learningRate}, {"lr_decay_factor", t.decayFactor}, {"lr_decay_patience", t.decayPatience},
              {"early_stop_patience", t.stopPatience}, {"seed", t.seed}, {"threads", t.threads}, {"device", t.device},
              {"max_train_segments", t.maxTrainSegments},
              {"mixing", {{"share", t.mixing.share}, {"max_sources", t.mixing.maxSources}, {"min_gain_db", t.mixing.minGainDb}}},
              {"equaliser", {{"share", t.equaliser.share}, {"max_gain_db", t.equaliser.maxGainDb}}},
              {"mixup", {{"share", t.mixup.share}, {"alpha", t.mixup.alpha}}},
              {"bf16", t.bf16},
              {"effects", augment::effectsToJson(t.effects)},
              {"init", t.initFrom.empty() ? json(nullptr) : json(t.initFrom)},
              {"loss", "binary cross-entropy on logits"}, {"optimizer", "Adam"}}},
            {"dataset", {{"root", r.dataset.root}, {"fingerprint", r.dataset.fingerprint}, {"train_files", r.dataset.trainFiles},
                         {"sources", r.dataset.sources}, {"variation", r.dataset.variation},
                         {"segments", r.dataset.segments}}},
            {"folds", folds},
            {"timings", {{"prepare_seconds", r.prepareSeconds}, {"train_seconds", r.trainSeconds}}}};
}

RunRecord fromJson(const json& j) {
    RunRecord r;
    r.format = j.at("format").get<int>();
    r.status = j.value("status", "running");
    r.message = j.value("message", "");
    TrainingOptions& t = r.training;
    t.architecture = j.at("architecture").get<std::string>();
    t.modelOptions = j.value("model_options", models::ModelOptions{});
    const json& tj = j.at("training");
    t.folds = tj.at("folds").get<int>();
    t.fold = tj.at("fold").is_string() ? -1 : tj.at("fold").get<int>() - 1;
    t.epochs = tj.at("epochs").get<int>();
    t.batch = tj.at("batch").get<int>();
    t.learningRate = tj.at("lr").get<double>();
    t.decayFactor = tj.value("lr_decay_factor", 0.9);
    t.decayPatience = tj.value("lr_decay_patience", 4);
    t.stopPatience = tj.value("early_stop_patience", 7);
    t.seed = tj.at("seed").get<std::uint64_t>();
    t.threads = tj.value("threads", 0);
    t.device = tj.value("device", "cpu");
    t.maxTrainSegments = tj.value("max_train_segments", std::int64_t(0));
    if (tj.contains("mixing")) {  // runs from before mixing augmentation trained without it
        const json& mj = tj.at("mixing");
        t.mixing.share = mj.value("share", 0.0);
        t.mixing.maxSources = mj.value("max_sources", 4);
        t.mixing.minGainDb = mj.value("min_gain_db", -12.0);
    }
    if (tj.contains("equaliser")) {
        const json& ej = tj.at("equaliser");
        t.equaliser.share = ej.value("share", 0.0);
        t.equaliser.maxGainDb = ej.value("max_gain_db", 9.0);
    }
    if (tj.contains("effects")) t.effects = augment::effectsFromJson(tj.at("effects"));  // runs from before the chain had none
    if (tj.contains("mixup")) {
        const json& xj = tj.at("mixup");
        t.mixup.share = xj.value("share", 0.0);
        t.mixup.alpha = xj.value("alpha", 0.4);
    }
    t.bf16 = tj.value("bf16", false);
    if (tj.contains("init") && tj.at("init").is_string()) t.initFrom = tj.at("init").get<std::string>();
    const json& pj = j.at("preprocessing");
    audio::PreprocessOptions& p = r.preprocessing;
    p.sampleRate = pj.at("sample_rate").get<int>();
    p.converter = audio::parseConverter(pj.at("converter").get<std::string>());
    p.segmentLength = pj.at("segment_length").get<int>();
    p.hop = pj.at("hop").get<int>();
    p.silenceRms = pj.at("silence_rms").get<float>();
    r.parameters.trainable = j.at("parameters").value("trainable", std::int64_t(0));
    r.parameters.kerasTotal = j.at("parameters").value("keras_total", std::int64_t(0));
    const json& dj = j.at("dataset");
    r.dataset = {dj.value("root", ""), dj.value("fingerprint", ""), dj.value("train_files", std::int64_t(0)), dj.value("segments", std::int64_t(0)),
                 dj.value("sources", std::vector<std::string>{}), dj.value("variation", std::vector<std::string>{})};
    for (const json& fj : j.at("folds")) {
        FoldRecord f;
        f.fold = fj.at("fold").get<int>() - 1;
        f.status = parseStatus(fj.value("status", "pending"));
        f.trainSegments = fj.value("train_segments", std::int64_t(0));
        f.validationSegments = fj.value("val_segments", std::int64_t(0));
        f.validationMixtures = fj.value("val_mixtures", std::int64_t(0));
        f.validationFiles = fj.value("val_files", std::int64_t(0));
        for (const json& ej : fj.at("epochs"))
            f.epochs.push_back({ej.at("epoch").get<int>(), ej.at("train_loss").get<double>(), ej.at("val_loss").get<double>(),
                                ej.value("val_f1_micro", 0.0), ej.value("val_f1_macro", 0.0), ej.value("lr", 0.0),
                                ej.value("seconds", 0.0), ej.value("segments_per_s", 0.0)});
        f.bestEpoch = fj.value("best_epoch", 0);
        f.bestValidationLoss = finiteOr(fj.value("best_val_loss", json(nullptr)), std::numeric_limits<double>::infinity());
        f.earlyStopped = fj.value("early_stopped", false);
        if (fj.contains("thresholds")) f.thresholds = fj.at("thresholds").get<eval::ClassVector>();
        f.thresholdsFrom = fj.value("thresholds_from", "");
        f.seconds = fj.value("seconds", 0.0);
        r.folds.push_back(std::move(f));
    }
    const json& timings = j.value("timings", json::object());
    r.prepareSeconds = timings.value("prepare_seconds", 0.0);
    r.trainSeconds = timings.value("train_seconds", 0.0);
    return r;
}

} // namespace

const char* statusName(FoldStatus status) {
    switch (status) {
    case FoldStatus::Pending: return "pending";
    case FoldStatus::Running: return "running";
    case FoldStatus::Stopped: return "stopped";
    case FoldStatus::Finished: return "finished";
    }
    return "pending";
}

void readGeneratorManifest(DatasetRecord& record) {
    // The manifest sits in the generated dataset's folder, above IRMAS-TrainingData and
    // IRMAS-TestingData, which users may point at instead.
    fs::path manifest = fs::path(record.root) / "timbrescope-synth.json";
    if (!fs::exists(manifest)) manifest = fs::path(record.root).parent_path() / "timbrescope-synth.json";
    std::ifstream in(manifest);
    if (!in) return;
    const json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    const auto strings = [&](const char* key) {
        std::vector<std::string> out;
        if (j.contains(key) && j[key].is_array())
            for (const json& v : j[key])
                if (v.is_string()) out.push_back(v.get<std::string>());
        return out;
    };
    record.sources = strings("soundfonts");
    if (record.sources.empty() && j.contains("soundfont") && j["soundfont"].is_string())  // manifests from before pools
        record.sources = {j["soundfont"].get<std::string>()};
    record.variation = strings("variation");
}

std::string runFile(const std::string& runDir) { return (fs::path(runDir) / "run.json").string(); }
std::string foldModelFile(const std::string& runDir, int fold) {
    return (fs::path(runDir) / ("fold-" + std::to_string(fold + 1) + ".pt")).string();
}
std::string foldStateFile(const std::string& runDir, int fold) {
    return (fs::path(runDir) / ("fold-" + std::to_string(fold + 1) + ".state.pt")).string();
}

void writeRunRecord(const std::string& runDir, const RunRecord& record) {
    writeFileAtomically(runFile(runDir), toJson(record).dump(2) + "\n");
}

RunRecord readRunRecord(const std::string& runDir) {
    const std::string path = runFile(runDir);
    std::ifstream in(path);
    if (!in) throw Error(path, "no run record here (is " + runDir + " a training run folder?)");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw Error(path, std::string("damaged run record (not valid JSON): ") + e.what());
    }
    if (!j.is_object() || !j.contains("format") || !j["format"].is_number_integer())
        throw Error(path, "not a Timbrescope run record");
    if (j["format"].get<int>() > RunRecord::kFormat)
        throw Error(path, "written by a newer Timbrescope (run format " + std::to_string(j["format"].get<int>()) +
                              ", this build reads up to " + std::to_string(RunRecord::kFormat) + ")");
    try {
        return fromJson(j);
    } catch (const std::exception& e) {
        throw Error(path, std::string("damaged run record: ") + e.what());
    }
}

} // namespace timbrescope::train
