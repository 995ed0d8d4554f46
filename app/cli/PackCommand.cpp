#include "app/cli/PackCommand.h"

#include "engine/core/Error.h"
#include "engine/models/ModelFile.h"
#include "engine/train/RunRecord.h"

#include <cstdio>
#include <filesystem>

namespace timbrescope::cli {
namespace {
namespace fs = std::filesystem;

std::uintmax_t pack(const std::string& from, const std::string& to, models::WeightStorage storage) {
    models::savePackedModel(*models::loadModel(from), to, storage);
    return fs::file_size(to);
}

int run(Arguments& args) {
    const std::string from = args.takeValue("--run").value_or("");
    const std::string out = args.takeValue("--out").value_or("");
    const models::WeightStorage storage = models::parseWeightStorage(args.takeValue("--weights").value_or("int8"));
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (from.empty()) throw Error("--run", "which run? (a folder written by timbrescope-cli train, or a .pt model file)");
    if (out.empty()) throw Error("--out", "where to write the packed run (a folder) or model (a .pt file)");
    if (!fs::exists(from)) throw Error(from, "no such run folder or model file");
    if (fs::exists(out) && (fs::equivalent(from, out) || (fs::is_directory(from) && !fs::is_directory(out))))
        throw Error("--out", "'" + out + "': give a new folder, not the run itself or a file");

    if (!fs::is_directory(from)) {
        std::printf("%s: %ju bytes\n", out.c_str(), pack(from, out, storage));
        return 0;
    }
    const train::RunRecord record = train::readRunRecord(from);
    fs::create_directories(out);
    std::uintmax_t before = 0, after = 0;
    int packed = 0;
    for (const auto& fold : record.folds) {
        if (fold.status != train::FoldStatus::Finished) continue;
        const std::string source = train::foldModelFile(from, fold.fold);
        before += fs::file_size(source);
        after += pack(source, train::foldModelFile(out, fold.fold), storage);
        ++packed;
    }
    if (packed == 0) throw Error(from, "has no finished fold model to pack");
    fs::copy_file(fs::path(from) / "run.json", fs::path(out) / "run.json", fs::copy_options::overwrite_existing);
    std::printf("Packed %d fold model(s) of %s into %s: %.1f MB -> %.1f MB\n", packed, from.c_str(), out.c_str(), before / 1e6, after / 1e6);
    return 0;
}

} // namespace

Command packCommand() {
    return {"pack", "rewrite a trained run's models with packed (int8) weights, for bundling",
            "usage: timbrescope-cli pack --run RUN_OR_MODEL --out DIR_OR_FILE [--weights int8|float32]\n"
            "\n"
            "Writes each finished fold model of RUN (and its run.json) into DIR in the packed model\n"
            "format: tensors rebuilt from the options (the CQT filter bank) are left out, and with\n"
            "int8 (the default) every weight matrix or kernel is stored as 8-bit integers with one\n"
            "scale per output row, about a quarter of the size. Predictions move by a few thousandths;\n"
            "evaluate the packed run to know. Given a .pt model file, writes one packed file.\n"
            "Model files are safetensors; one of an earlier version (a LibTorch archive) is converted.\n",
            run};
}

} // namespace timbrescope::cli
