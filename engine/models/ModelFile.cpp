#include "engine/models/ModelFile.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/models/ArchiveCheck.h"
#include "engine/models/ModelRegistry.h"

#include <torch/torch.h>

#include <sstream>

namespace timbrescope::models {
namespace {

// 1: torch::nn::Module::save's archive of every parameter and buffer; 2: packed (WeightPacking.h).
constexpr std::int64_t kFormatVersion = 2;

// Options as "key=value" lines, a format a person can read in the archive too.
std::string encodeOptions(const ModelOptions& options) {
    std::string text;
    for (const auto& [key, value] : options) text += key + "=" + value + "\n";
    return text;
}

ModelOptions decodeOptions(const std::string& text) {
    ModelOptions options;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) options[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return options;
}

void writeIdentity(torch::serialize::OutputArchive& archive, const ModelBase& model, std::int64_t format) {
    archive.write("timbrescope.format", c10::IValue(format));
    archive.write("timbrescope.architecture", c10::IValue(model.architecture()));
    archive.write("timbrescope.options", c10::IValue(encodeOptions(model.options())));
}

void writeArchive(torch::serialize::OutputArchive& archive, const std::string& path) {
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(path, bytes.str());
}

} // namespace

void saveModel(const ModelBase& model, const std::string& path) {
    torch::serialize::OutputArchive archive;
    writeIdentity(archive, model, 1);
    // GPU tensors are stored with their device; loadModel maps them to the CPU, so a file trained
    // on a GPU loads anywhere.
    model.save(archive);
    writeArchive(archive, path);
}

void savePackedModel(const ModelBase& model, const std::string& path, WeightStorage storage) {
    torch::serialize::OutputArchive archive;
    writeIdentity(archive, model, 2);
    writePackedWeights(archive, model, storage);
    writeArchive(archive, path);
}

std::shared_ptr<ModelBase> loadModel(const std::string& path, const std::string& expectedArchitecture) {
    const std::vector<std::uint8_t> bytes = readVerifiedArchive(path);
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size(), torch::kCPU);
    } catch (const c10::Error& e) {
        throw Error(path, "not a readable model file (damaged, truncated or another format)");
    }
    c10::IValue format, architecture, options;
    if (!archive.try_read("timbrescope.format", format) || !archive.try_read("timbrescope.architecture", architecture) ||
        !archive.try_read("timbrescope.options", options) || !format.isInt() || !architecture.isString() || !options.isString())
        throw Error(path, "not a Timbrescope model file (no architecture record)");
    if (format.toInt() > kFormatVersion)
        throw Error(path, "written by a newer Timbrescope (model format " + std::to_string(format.toInt()) + ", this build reads up to " +
                              std::to_string(kFormatVersion) + ")");
    // A fold file copied in from another run would otherwise predict, silently, as another model.
    if (!expectedArchitecture.empty() && architecture.toStringRef() != expectedArchitecture)
        throw Error(path, "holds a " + architecture.toStringRef() + " model where " + expectedArchitecture +
                              " was expected (a fold file from another run?)");
    std::shared_ptr<ModelBase> model;
    try {
        model = buildModel(architecture.toStringRef(), decodeOptions(options.toStringRef()));
    } catch (const Error& e) {
        throw Error(path, "cannot rebuild its model: " + std::string(e.what()));
    }
    if (format.toInt() == 2) {
        readPackedWeights(archive, *model, path);
        return model;
    }
    try {
        model->load(archive);
    } catch (const c10::Error& e) {
        throw Error(path, "weights do not fit architecture '" + architecture.toStringRef() + "': " + e.what_without_backtrace());
    }
    return model;
}

} // namespace timbrescope::models
