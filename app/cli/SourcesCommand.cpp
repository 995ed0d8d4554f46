#include "app/cli/SourcesCommand.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/synth/InstalledSources.h"
#include "engine/synth/SourceSurvey.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <memory>

namespace timbrescope::cli {
namespace {

nlohmann::json toJson(const synth::SourceSurvey& survey) {
    nlohmann::json classes = nlohmann::json::object();
    for (int c = 0; c < data::kClassCount; ++c) {
        const synth::ClassCoverage& k = survey.classes[std::size_t(c)];
        nlohmann::json correlation = nlohmann::json::array();
        for (const auto& row : k.correlation) {
            nlohmann::json values = nlohmann::json::array();
            for (double v : row) values.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
            correlation.push_back(values);
        }
        classes[data::classCode(c)] = {{"program", k.program}, {"same_as", k.sameAs}, {"correlation", correlation},
                                       {"independent_sources", k.independentSources}};
    }
    return {{"sources", survey.sources}, {"same_samples_above", synth::kSameSamplesCorrelation}, {"classes", classes}};
}

int run(Arguments& args) {
    std::vector<std::string> paths;
    while (const auto font = args.takeValue("--soundfont")) paths.push_back(*font);
    if (const auto set = args.takeValue("--sound-set"))
        for (const auto& font : synth::readSoundSet(*set)) paths.push_back(font);
    const auto jsonOut = args.takeValue("--json");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument (sources go after --soundfont)");
    if (paths.empty())
        for (const synth::InstalledSource& s : synth::installedSources()) paths.push_back(s.path);
    if (paths.empty()) throw Error("--soundfont", "no sound source given and none installed (scripts/setup --sources)");

    std::vector<std::unique_ptr<synth::SoundFont>> fonts;
    std::vector<const synth::SoundFont*> pool;
    for (const std::string& path : paths) {
        fonts.push_back(std::make_unique<synth::SoundFont>(path));
        pool.push_back(fonts.back().get());
    }
    const synth::SourceSurvey survey = synth::surveySources(pool);

    std::printf("Sound sources:\n");
    for (std::size_t s = 0; s < paths.size(); ++s) {
        std::printf("  %zu  %s\n", s + 1, paths[s].c_str());
        for (const std::string& note : fonts[s]->notes()) std::printf("       skipped %s\n", note.c_str());
    }
    std::printf("\nPer class: the GM program each source plays it with; =K: the same samples as source K\n"
                "(normalised cross-correlation of the same dry notes above %.1f, shown after it); -: not covered.\n\n",
                synth::kSameSamplesCorrelation);
    std::printf("  class               ");
    for (std::size_t s = 0; s < paths.size(); ++s) std::printf(" %-9zu", s + 1);
    std::printf(" independent\n");
    for (int c = 0; c < data::kClassCount; ++c) {
        const synth::ClassCoverage& k = survey.classes[std::size_t(c)];
        std::printf("  %s %-16s", data::classCode(c).c_str(), data::instrumentClasses()[std::size_t(c)].name);
        for (std::size_t s = 0; s < paths.size(); ++s) {
            char cell[32];
            if (k.program[s] < 0) std::snprintf(cell, sizeof cell, "-");
            else if (k.sameAs[s] >= 0)
                std::snprintf(cell, sizeof cell, "=%d %.2f", k.sameAs[s] + 1, k.correlation[s][std::size_t(k.sameAs[s])]);
            else std::snprintf(cell, sizeof cell, "%d", k.program[s]);
            std::printf(" %-9s", cell);
        }
        std::printf(" %d\n", k.independentSources);
    }
    if (jsonOut) {
        writeFileAtomically(*jsonOut, toJson(survey).dump(2) + "\n");
        std::printf("\nWrote %s\n", jsonOut->c_str());
    }
    return 0;
}

} // namespace

Command sourcesCommand() {
    return {"sources", "which sound sources cover each class, and which are really independent",
            "usage: timbrescope-cli sources [--soundfont FILE]... [--sound-set FILE] [--json OUT]\n"
            "\n"
            "For every IRMAS class, lists which sources of the pool (SoundFonts .sf2/.sf3, TiMidity\n"
            "patch sets .cfg, recorded-note folders, the physical models stk[:SEED]; default: those\n"
            "scripts/setup --sources installs, where present) can play\n"
            "it, and whether a source's samples are independent of the others: the same three notes are\n"
            "rendered dry from each source and compared by normalised cross-correlation; a source that\n"
            "reuses an earlier one's samples (MuseScore General reuses FluidR3's for most classes) is\n"
            "marked =K. Only independent sources add timbre the models have not heard.\n"
            "\n"
            "  --soundfont FILE   a source of the pool; repeat for more\n"
            "  --sound-set FILE   more sources: one path per line (relative to FILE), # comments\n"
            "  --json OUT         also write the survey (programs, correlations) as JSON\n",
            run};
}

} // namespace timbrescope::cli
