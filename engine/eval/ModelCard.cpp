#include "engine/eval/ModelCard.h"

#include "engine/data/Instruments.h"
#include "engine/synth/PhysicalModels.h"
#include "engine/train/RunRecord.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace timbrescope::eval {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string percent(double share) { return std::to_string(int(share * 100 + 0.5)) + " %"; }

std::string recipeOf(const train::TrainingOptions& t) {
    std::vector<std::string> parts;
    if (t.mixing.enabled()) parts.push_back("mixing " + percent(t.mixing.share));
    if (t.equaliser.enabled()) parts.push_back("equaliser " + percent(t.equaliser.share));
    const auto& e = t.effects;
    const std::pair<const char*, double> effects[] = {{"pitch", e.pitchShare}, {"filter", e.filterShare}, {"room", e.roomShare},
                                                      {"compressor", e.compressShare}, {"noise", e.noiseShare},
                                                      {"codec", e.codecShare}};
    for (const auto& [name, share] : effects)
        if (share > 0) parts.push_back(std::string(name) + " " + percent(share));
    if (t.mixup.enabled()) parts.push_back("mixup " + percent(t.mixup.share));
    if (parts.empty()) return "no augmentation (the paper's protocol)";
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
    return text;
}

// Sample sets by their file's name; the physical models ("stk", "stk:SEED") by what they are.
std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& i : items)
        text += (text.empty() ? "" : ", ") + (synth::isPhysicalModelSource(i) ? i + " physical models" : fs::path(i).stem().string());
    return text;
}

} // namespace

ModelCard readModelCard(const std::string& runOrModel) {
    ModelCard card;
    if (!fs::is_directory(runOrModel)) return card;
    const train::RunRecord record = train::readRunRecord(runOrModel);
    card.architecture = record.training.architecture;
    card.folds = int(record.folds.size());
    for (const auto& f : record.folds) {
        if (f.status != train::FoldStatus::Finished) continue;
        ++card.foldsTrained;
        if (card.thresholdsFrom.empty()) card.thresholdsFrom = f.thresholdsFrom;
    }
    card.trainFiles = record.dataset.trainFiles;
    card.sources = record.dataset.sources;
    card.variation = record.dataset.variation;
    card.recipe = recipeOf(record.training);
    card.startedFrom = record.training.initFrom;
    const fs::path evaluations = fs::path(runOrModel) / "evaluations";
    std::error_code ec;
    std::vector<fs::path> folders;
    const std::string suffix = "-calibrated";  // what the card reports: scores at calibrated thresholds
    for (const auto& entry : fs::directory_iterator(evaluations, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    for (const fs::path& folder : folders) {
        std::ifstream in(folder / "results.json");
        const json results = json::parse(in, nullptr, false);
        if (results.is_discarded() || !results.contains("ensemble")) continue;
        SourceScore s;
        s.testSet = folder.filename().string();
        s.testSources = results.value("test_sources", std::vector<std::string>{});
        // Unseen: rendered only from sources the training data did not use; evaluations from
        // before test sets recorded their sources say so by their name.
        if (!s.testSources.empty() && !card.sources.empty())
            s.unseen = std::none_of(s.testSources.begin(), s.testSources.end(), [&](const std::string& t) {
                return std::find(card.sources.begin(), card.sources.end(), t) != card.sources.end();
            });
        else
            s.unseen = s.testSet.rfind("unseen", 0) == 0;
        s.lrap = results["ensemble"].value("lrap", 0.0);
        s.f1Macro = results["ensemble"].value("f1_macro", 0.0);
        card.scores.push_back(s);
    }
    return card;
}

std::vector<std::string> ModelCard::lines() const {
    std::vector<std::string> out;
    if (architecture.empty()) return {"Model card: none (a single model file carries no training record)"};
    char line[512];
    std::snprintf(line, sizeof line, "Model card: %s, %d of %d fold models", architecture.c_str(), foldsTrained, folds);
    out.push_back(line);
    std::string data = "  trained on " + std::to_string(trainFiles) + " clips";
    if (!sources.empty()) data += " rendered from " + joined(sources);
    if (!variation.empty()) data += " (render-time variation: " + std::to_string(variation.size()) + " kinds)";
    out.push_back(data);
    if (!startedFrom.empty()) out.push_back("  continued from " + startedFrom);
    out.push_back("  augmentation: " + recipe);
    out.push_back("  thresholds: " + (thresholdsFrom.empty() ? std::string("calibrated on each fold's validation clips") : thresholdsFrom));
    for (const auto& s : scores) {
        const std::string what = s.testSources.empty() ? s.testSet : joined(s.testSources);
        std::snprintf(line, sizeof line, "  %s test music (%s): LRAP %.2f, F1-macro %.2f", s.unseen ? "unseen-source" : "seen-source",
                      what.c_str(), s.lrap, s.f1Macro);
        out.push_back(line);
    }
    if (scores.empty()) out.push_back("  not evaluated yet (timbrescope-cli eval --run ... --out RUN/evaluations/NAME-calibrated)");
    return out;
}

Verdict verdictOf(const ClassVector& track, const ClassVector& thresholds, DecisionRule rule) {
    Verdict v;
    std::vector<int> order(data::kClassCount);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return track[std::size_t(a)] > track[std::size_t(b)]; });
    std::vector<float> sorted(track.begin(), track.end());
    std::sort(sorted.begin(), sorted.end());
    const float top = track[std::size_t(order.front())], median = sorted[sorted.size() / 2];
    for (int c : order)
        if (track[std::size_t(c)] >= thresholds[std::size_t(c)]) v.heard.push_back(c);
    const auto name = [](int c) { return std::string(data::instrumentClasses()[std::size_t(c)].name); };
    char best[96];
    std::snprintf(best, sizeof best, "%s %.2f", name(order.front()).c_str(), top);
    if (top < 0.3f || top - median < 0.1f) {
        v.unsure = true;
        v.text = std::string("Unsure: no instrument stands out (highest: ") + best + ")";
        return v;
    }
    if (v.heard.empty() && rule == DecisionRule::AtLeastOne) {
        v.heard.push_back(order.front());
        v.text = std::string("Heard: ") + best + " (the most probable; none reached its threshold)";
        return v;
    }
    if (v.heard.empty()) {
        v.text = std::string("Heard: nothing above its threshold (highest: ") + best + ")";
        return v;
    }
    v.text = "Heard: ";
    for (std::size_t i = 0; i < v.heard.size(); ++i) v.text += (i ? ", " : "") + name(v.heard[i]);
    return v;
}

} // namespace timbrescope::eval
