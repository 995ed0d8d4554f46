#include "app/cli/SynthCommand.h"

#include "engine/core/Error.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/synth/SoundFont.h"

#include "engine/data/Instruments.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace timbrescope::cli {
namespace {

// "cel,flu,pia" → ascending class indices; names the option and the code at fault.
std::vector<int> parseClasses(const std::string& list) {
    std::vector<int> classes;
    std::stringstream in(list);
    for (std::string code; std::getline(in, code, ',');) {
        const auto c = data::classIndex(code);
        if (!c) {
            std::string codes;
            for (const auto& known : data::instrumentClasses()) codes += (codes.empty() ? "" : " ") + std::string(known.code);
            throw Error("--classes", "'" + code + "' is not an IRMAS class code (" + codes + ")");
        }
        if (std::find(classes.begin(), classes.end(), *c) != classes.end()) throw Error("--classes", "'" + code + "' is named twice");
        classes.push_back(*c);
    }
    if (classes.empty()) throw Error("--classes", "names no class");
    std::sort(classes.begin(), classes.end());
    return classes;
}

int run(Arguments& args) {
    synth::SynthOptions options;
    options.outDir = args.takeValue("--out").value_or("");
    options.trainPerClass = args.takeInteger("--train-per-class", options.trainPerClass, 0, 100000);
    options.testCount = args.takeInteger("--test-count", options.testCount, 0, 100000);
    options.seed = static_cast<std::uint64_t>(args.takeInteger("--seed", 0, 0x7fffffffffffffffLL).value_or(1));
    options.threads = args.takeInteger("--threads", 0, 0, 256);
    while (const auto font = args.takeValue("--soundfont")) options.soundFonts.push_back(*font);
    if (const auto set = args.takeValue("--sound-set"))
        for (const auto& font : synth::readSoundSet(*set)) options.soundFonts.push_back(font);
    while (const auto font = args.takeValue("--accompaniment")) options.accompaniment.push_back(*font);
    if (const auto classes = args.takeValue("--classes")) options.classes = parseClasses(*classes);
    if (const auto vary = args.takeValue("--vary")) options.variation = synth::RenderVariation::parse(*vary);
    options.overwrite = args.takeFlag("--overwrite");
    const bool quiet = args.takeFlag("--quiet");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument (the folder goes after --out)");

    int lastPercent = -1;
    const synth::SynthReport report = synth::synthesizeDataset(options, [&](int done, int total) {
        const int percent = 100 * done / total;
        if (quiet || percent / 10 == lastPercent / 10) return;
        lastPercent = percent;
        std::cerr << "synth: " << done << "/" << total << " files\n";
    });
    int train = 0, test = 0;
    for (const auto& f : report.files) (f.split == data::Split::Train ? train : test)++;
    char line[256];
    std::snprintf(line, sizeof line, "%d training files and %d test excerpts (%.1f s of audio) in %.2f s: %.0fx real time\n",
                  train, test, report.audioSeconds, report.renderSeconds, report.audioSeconds / report.renderSeconds);
    std::cout << "Wrote " << options.outDir << ": " << line;
    return 0;
}

} // namespace

Command synthCommand() {
    return {"synth", "generate an IRMAS-layout dataset from a pool of General MIDI SoundFonts",
            std::string("usage: timbrescope-cli synth --out DIR [--train-per-class N] [--test-count M] [--seed S]\n"
                        "                           [--soundfont FILE]... [--sound-set FILE] [--accompaniment FILE]...\n"
                        "                           [--classes LIST] [--vary LIST]\n"
                        "                           [--threads T] [--overwrite] [--quiet]\n"
                        "\n"
                        "Renders music with libfluidsynth into DIR/IRMAS-TrainingData/<code>/*.wav (3-s excerpts,\n"
                        "one predominant labelled instrument, sometimes with quieter bass and drums) and\n"
                        "DIR/IRMAS-TestingData/PartN/*.wav + *.txt (5-20 s excerpts, 1-4 labelled instruments),\n"
                        "44.1 kHz 16-bit stereo, exactly as IRMAS lays them out, plus timbrescope-synth.json\n"
                        "listing every file with its intended labels and the source that played each instrument.\n"
                        "Each instrument part is played by a SoundFont of the pool drawn from those that have it\n"
                        "(a SoundFont without a class is never asked to play it). The same options give the same files.\n"
                        "\n"
                        "  --train-per-class N   training excerpts per class (default 20)\n"
                        "  --test-count M        test excerpts (default 40)\n"
                        "  --seed S              random seed (default 1)\n"
                        "  --soundfont FILE      a source of the pool: a General MIDI .sf2/.sf3, a TiMidity patch set .cfg\n"
                "                        (GUS patches, e.g. FreePats' /etc/timidity/freepats.cfg), or recorded\n"
                "                        notes (a folder of class folders pia/, cel/, ... or a .samples map of\n"
                "                        'code path' lines), or stk / stk:SEED: physical models of every class\n"
                "                        but piano (the Synthesis ToolKit; each seed other instruments);\n"
                "                        repeat for more\n"
                "                        (see timbrescope-cli sources; default ") +
                synth::kDefaultSoundFont +
                ")\n"
                "  --sound-set FILE      more SoundFonts: one path per line (relative to FILE), # comments\n"
                "  --accompaniment FILE  a source that plays only the unlabelled bass and drums, never an\n"
                "                        instrument (e.g. a GM SoundFont beside recorded notes that have neither)\n"
                "  --classes LIST        render and label only these classes (comma list of codes, e.g.\n"
                "                        cel,flu,pia: the ones a partial source covers); default all 11\n"
                "  --vary LIST           render-time variation: all, none (default), or a comma list of\n"
                "                        velocity, expression, vibrato, detune, articulation, filter,\n"
                "                        envelope, room\n"
                "  --threads T           rendering threads (default: one per core)\n"
                "  --overwrite           replace IRMAS-TrainingData / IRMAS-TestingData already in DIR\n",
            run};
}

} // namespace timbrescope::cli
