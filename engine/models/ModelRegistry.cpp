#include "engine/models/ModelRegistry.h"

#include "engine/core/Error.h"
#include "engine/models/BiGru.h"
#include "engine/models/CqtCnn.h"
#include "engine/models/Crnn.h"
#include "engine/models/Dcnn.h"
#include "engine/models/Fcn.h"

#include <torch/torch.h>

#include <cstdio>
#include <functional>

namespace timbrescope::models {
namespace {

using Factory = std::function<std::shared_ptr<ModelBase>(ModelOptions&)>;

struct Entry {
    Architecture info;
    Factory build;
};

// Takes an option out of `options`, so what is left over is unknown.
std::string take(ModelOptions& options, const std::string& key, const std::string& fallback) {
    const auto it = options.find(key);
    if (it == options.end()) return fallback;
    std::string value = it->second;
    options.erase(it);
    return value;
}

std::shared_ptr<ModelBase> crnn(int cell, ModelOptions& options) {
    return std::make_shared<CrnnImpl>(cell, parseUnits(take(options, "gru", "128,64")));
}

const std::vector<Entry>& entries() {
    // Paper counts: Tables 2–4 and 6 of Avramidis et al. (ICASSP 2021); 24.3M from its Table 5.
    static const std::vector<Entry> all = {
        {{"bigru1x128", "BiGRU, 1 layer of 128 units, on max-pooled (3) raw audio", 103.4e3, "Table 2", false},
         [](ModelOptions&) { return std::make_shared<BiGruImpl>(std::vector<int>{128}); }},
        {{"bigru1x256", "BiGRU, 1 layer of 256 units, on max-pooled (3) raw audio", 403.4e3, "Table 2", false},
         [](ModelOptions&) { return std::make_shared<BiGruImpl>(std::vector<int>{256}); }},
        {{"bigru2", "BiGRU, 2 layers of 128 and 64 units, on max-pooled (3) raw audio", 225.6e3, "Table 2", false},
         [](ModelOptions&) { return std::make_shared<BiGruImpl>(std::vector<int>{128, 64}); }},
        {{"dcnn", "5 CNN cells + 2 dense layers (1024, 11)", 1.14e6, "Table 3", false},
         [](ModelOptions&) { return std::make_shared<DcnnImpl>(); }},
        {{"fcn", "5 CNN cells + 1x1 conv + global average pooling", 81.8e3, "Table 3", false},
         [](ModelOptions&) { return std::make_shared<FcnImpl>(false); }},
        {{"rfcn", "FCN + residual skips cell1->cell3, cell2->cell4", 85e3, "Table 3", false},
         [](ModelOptions&) { return std::make_shared<FcnImpl>(true); }},
        {{"crnn2", "RFCN + 2-layer BiGRU fed from cell 2, outputs averaged", 1.03e6, "Table 4", false},
         [](ModelOptions& o) { return crnn(2, o); }},
        {{"crnn3", "RFCN + 2-layer BiGRU fed from cell 3 (the paper's proposed model)", 1.07e6, "Table 4", false},
         [](ModelOptions& o) { return crnn(3, o); }},
        {{"crnn4", "RFCN + 2-layer BiGRU fed from cell 4, outputs averaged", 1.08e6, "Table 4", false},
         [](ModelOptions& o) { return crnn(4, o); }},
        {{"crnn5", "RFCN + 2-layer BiGRU fed from cell 5, outputs averaged", 1.03e6, "Table 4", false},
         [](ModelOptions& o) { return crnn(5, o); }},
        {{"cqt-cnn", "CQT-spectrogram CNN baseline of [4] (4 conv blocks, dense 1024)", 24.3e6, "Table 5", true},
         [](ModelOptions&) { return std::make_shared<CqtCnnImpl>(std::array<int, 4>{64, 128, 256, 640}, 1024); }},
        {{"cqt-cnn-reduced", "the CQT baseline cut to ~1.2M parameters (filters / 4, dense 1224)", 1.20e6, "Table 6", true},
         [](ModelOptions&) { return std::make_shared<CqtCnnImpl>(std::array<int, 4>{16, 32, 64, 160}, 1224); }},
    };
    return all;
}

} // namespace

const std::vector<Architecture>& architectures() {
    static const std::vector<Architecture> infos = [] {
        std::vector<Architecture> list;
        for (const auto& e : entries()) list.push_back(e.info);
        return list;
    }();
    return infos;
}

std::vector<std::string> architectureNames() {
    std::vector<std::string> names;
    for (const auto& a : architectures()) names.push_back(a.name);
    return names;
}

std::shared_ptr<ModelBase> buildModel(const std::string& name, const ModelOptions& options) {
    for (const auto& e : entries()) {
        if (e.info.name != name) continue;
        ModelOptions remaining = options;
        std::shared_ptr<ModelBase> model = e.build(remaining);
        if (!remaining.empty())
            throw Error(remaining.begin()->first, "not an option of architecture '" + name + "'");
        model->setIdentity(name, options);
        return model;
    }
    std::string valid;
    for (const auto& n : architectureNames()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error("--arch", "unknown architecture '" + name + "' (choose one of: " + valid + ")");
}

ParameterCount countParameters(const torch::nn::Module& model) {
    ParameterCount count;
    for (const auto& p : model.parameters())
        if (p.requires_grad()) count.trainable += p.numel();
    count.kerasTotal = count.trainable;
    auto endsWith = [](const std::string& s, const std::string& tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    for (const auto& b : model.named_buffers())
        if (endsWith(b.key(), "running_mean") || endsWith(b.key(), "running_var")) count.kerasTotal += b.value().numel();
    return count;
}

std::string shortCount(double count) {
    char text[32];
    if (count >= 1e6) std::snprintf(text, sizeof text, "%.2fM", count / 1e6);
    else if (count >= 1e3) std::snprintf(text, sizeof text, "%.1fK", count / 1e3);
    else std::snprintf(text, sizeof text, "%.0f", count);
    return text;
}

} // namespace timbrescope::models
