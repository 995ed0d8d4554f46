#include "app/cli/ReportCommand.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"
#include "engine/models/ModelRegistry.h"
#include "engine/train/RunRecord.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>

namespace timbrescope::cli {
namespace {

struct PaperRow {
    std::string label;
    double f1Micro[2], f1Macro[2], lrap[2];  // mean, std (negative: not given)
    double parameters;
};

std::map<std::string, PaperRow> readPaper(const std::string& path) {
    std::map<std::string, PaperRow> rows;
    if (path.empty()) return rows;
    std::ifstream in(path);
    if (!in) throw Error(path, "cannot read the paper's reference numbers");
    try {
        const nlohmann::json document = nlohmann::json::parse(in);
        for (const auto& m : document.at("models")) {
            PaperRow r;
            r.label = m.at("label").get<std::string>();
            auto pair = [&](const char* key, double* out) {
                out[0] = m.at(key)[0].get<double>();
                out[1] = m.at(key)[1].is_null() ? -1.0 : m.at(key)[1].get<double>();
            };
            pair("f1_micro", r.f1Micro), pair("f1_macro", r.f1Macro), pair("lrap", r.lrap);
            r.parameters = m.at("parameters").get<double>();
            rows[m.at("name").get<std::string>()] = r;
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("not the paper's results file: ") + e.what());
    }
    return rows;
}

std::string percent(double mean, double std) {
    char text[48];
    if (std < 0) std::snprintf(text, sizeof text, "%.2f", 100 * mean);
    else std::snprintf(text, sizeof text, "%.2f ± %.2f", 100 * mean, 100 * std);
    return text;
}

struct Table {
    const char* title;
    std::vector<std::string> names;
};

int run(Arguments& args) {
    const std::string title = args.takeValue("--title").value_or("Timbrescope study");
    const auto paper = readPaper(args.takeValue("--paper").value_or(""));
    const std::vector<std::string> runs = args.positionals();
    if (runs.empty()) throw Error("report", "give the evaluated run folders to report");

    struct Ours {
        eval::ResultSummary results;
        train::RunRecord record;
    };
    std::map<std::string, Ours> byArch;
    for (const auto& dir : runs) {
        Ours o{eval::readResults(dir), train::readRunRecord(dir)};
        byArch[o.record.training.architecture] = o;
    }

    std::printf("# %s\n\n", title.c_str());
    std::printf("F1 and LRAP in %%, as mean ± std over the fold models (the paper's tables), on the test\n"
                "excerpts each run was evaluated on; #Params as the paper counts (Keras totals).\n");
    const Table tables[] = {
        {"Recurrent networks (paper Table 2)", {"bigru1x128", "bigru1x256", "bigru2"}},
        {"Convolutional networks (paper Table 3)", {"dcnn", "fcn", "rfcn"}},
        {"Combined networks (paper Table 4)", {"crnn2", "crnn3", "crnn4", "crnn5"}},
        {"Against the CQT baseline (paper Tables 5 and 6)", {"crnn3", "cqt-cnn", "cqt-cnn-reduced"}},
    };
    for (const Table& t : tables) {
        bool any = false;
        for (const auto& n : t.names) any |= byArch.count(n) > 0;
        if (!any) continue;
        std::printf("\n## %s\n\n| Model | F1-micro | F1-macro | LRAP | #Params | Paper F1-micro | Paper F1-macro | Paper LRAP | Paper #Params |\n"
                    "|---|---|---|---|---|---|---|---|---|\n", t.title);
        for (const auto& n : t.names) {
            const auto it = byArch.find(n);
            if (it == byArch.end()) continue;
            const eval::ResultSummary& r = it->second.results;
            const auto p = paper.find(n);
            std::printf("| %s | %s | %s | %s | %s |", n.c_str(), percent(r.foldF1Micro.mean, r.foldF1Micro.std).c_str(),
                        percent(r.foldF1Macro.mean, r.foldF1Macro.std).c_str(), percent(r.foldLrap.mean, r.foldLrap.std).c_str(),
                        models::shortCount(double(it->second.record.parameters.kerasTotal)).c_str());
            if (p == paper.end()) std::printf(" | | | |\n");
            else
                std::printf(" %s | %s | %s | %s |\n", percent(p->second.f1Micro[0], p->second.f1Micro[1]).c_str(),
                            percent(p->second.f1Macro[0], p->second.f1Macro[1]).c_str(), percent(p->second.lrap[0], p->second.lrap[1]).c_str(),
                            models::shortCount(p->second.parameters).c_str());
        }
    }
    std::printf("\n## Per instrument F1 (fold ensembles, %%; the paper's Figure 4)\n\n| Model |");
    for (int c = 0; c < data::kClassCount; ++c) std::printf(" %s |", data::classCode(c).c_str());
    std::printf("\n|---|");
    for (int c = 0; c < data::kClassCount; ++c) std::printf("---|");
    std::printf("\n");
    for (const auto& [name, o] : byArch) {
        std::printf("| %s |", name.c_str());
        for (double f : o.results.f1) std::printf(" %.1f |", 100 * f);
        std::printf("\n");
    }
    std::printf("\n## Runs\n\n| Model | folds | epochs per fold | train segments per fold | excerpts | training time |\n|---|---|---|---|---|---|\n");
    for (const auto& [name, o] : byArch) {
        std::string epochs;
        for (const auto& f : o.record.folds) epochs += (epochs.empty() ? "" : ", ") + std::to_string(f.epochs.size());
        std::printf("| %s | %d | %s | %lld | %d | %.0f s |\n", name.c_str(), o.results.folds, epochs.c_str(),
                    static_cast<long long>(o.record.folds.empty() ? 0 : o.record.folds.front().trainSegments), o.results.excerpts,
                    o.record.trainSeconds);
    }
    return 0;
}

} // namespace

Command reportCommand() {
    return {"report", "Markdown tables of evaluated runs in the paper's layout, next to the paper's numbers",
            "usage: timbrescope-cli report [--title TEXT] [--paper assets/paper/results.json] RUN...\n"
            "\n"
            "Prints F1-micro, F1-macro and LRAP (mean ± std over folds) and #Params of each evaluated\n"
            "run, grouped as the paper's Tables 2-6, with the paper's values beside them when --paper\n"
            "names its numbers; then per-instrument F1 and what each run trained on.\n",
            run};
}

} // namespace timbrescope::cli
