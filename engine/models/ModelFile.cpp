#include "engine/models/ModelFile.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/models/ArchiveCheck.h"
#include "engine/models/ModelRegistry.h"

#include <torch/torch.h>

#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace timbrescope::models {
namespace {

// 1: torch::nn::Module::save's archive of every parameter and buffer; 2: packed (WeightPacking.h),
// both LibTorch archives, still read; 3: safetensors (SafeTensors.h), what is written now.
constexpr std::int64_t kFormatVersion = 3;
const std::string kSafeTensorsFormat = "timbrescope-model";

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

// The architecture, rebuilt through the registry; Error naming the file when it cannot be.
std::shared_ptr<ModelBase> rebuild(const std::string& path, const std::string& architecture, const std::string& options,
                                   const std::string& expectedArchitecture) {
    // A fold file copied in from another run would otherwise predict, silently, as another model.
    if (!expectedArchitecture.empty() && architecture != expectedArchitecture)
        throw Error(path, "holds a " + architecture + " model where " + expectedArchitecture + " was expected (a fold file from another run?)");
    try {
        return buildModel(architecture, decodeOptions(options));
    } catch (const Error& e) {
        throw Error(path, "cannot rebuild its model: " + std::string(e.what()));
    }
}

// safetensors has no checksum: the metadata carries one of the data section, so a flipped bit in
// a weight is an error, not a silently different model.
const std::string kChecksumKey = "data_xxh3_64";

std::string checksumOf(const std::uint8_t* data, std::size_t size) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(data, size)));
    return hex;
}

void writeSafeTensorsModel(const ModelBase& model, const std::string& path, WeightStorage storage) {
    // GPU tensors are copied to the CPU: a file trained on a GPU loads anywhere.
    const std::vector<TensorToWrite> tensors = weightTensors(model, storage);
    std::vector<std::uint8_t> data;
    for (const TensorToWrite& t : tensors) data.insert(data.end(), t.data.begin(), t.data.end());
    const std::map<std::string, std::string> metadata = {{kChecksumKey, checksumOf(data.data(), data.size())},
                                                         {"format", kSafeTensorsFormat},
                                                         {"format_version", std::to_string(kFormatVersion)},
                                                         {"architecture", model.architecture()},
                                                         {"options", encodeOptions(model.options())},
                                                         {"weights", storage == WeightStorage::Int8 ? "int8" : "float32"}};
    writeFileAtomically(path, writeSafeTensors(metadata, tensors));
}

std::shared_ptr<ModelBase> loadSafeTensorsModel(std::vector<std::uint8_t> bytes, const std::string& path, const std::string& expectedArchitecture) {
    const SafeTensorsFile file = parseSafeTensors(std::move(bytes), path);
    const auto field = [&](const char* key) {
        const auto found = file.metadata.find(key);
        if (found == file.metadata.end()) throw Error(path, std::string("not a Timbrescope model file (no \"") + key + "\" in its metadata)");
        return found->second;
    };
    if (field("format") != kSafeTensorsFormat) throw Error(path, "not a Timbrescope model file (its metadata names another format)");
    const std::string version = field("format_version");
    if (version != std::to_string(kFormatVersion))
        throw Error(path, "model format " + version + " is not one this Timbrescope reads (it writes " + std::to_string(kFormatVersion) + ")");
    if (checksumOf(file.bytes.data() + file.dataStart, file.bytes.size() - file.dataStart) != field(kChecksumKey.c_str()))
        throw Error(path, "damaged model file: its weights do not match their checksum (" + kChecksumKey + ")");
    std::shared_ptr<ModelBase> model = rebuild(path, field("architecture"), field("options"), expectedArchitecture);
    readWeightTensors(file, *model, path);
    return model;
}

} // namespace

void saveModel(const ModelBase& model, const std::string& path) { writeSafeTensorsModel(model, path, WeightStorage::Float32); }

void savePackedModel(const ModelBase& model, const std::string& path, WeightStorage storage) { writeSafeTensorsModel(model, path, storage); }

std::shared_ptr<ModelBase> loadModel(const std::string& path, const std::string& expectedArchitecture) {
    std::vector<std::uint8_t> bytes = readFileBytes(path, "model file");
    if (looksLikeSafeTensors(bytes)) return loadSafeTensorsModel(std::move(bytes), path, expectedArchitecture);
    // An older LibTorch archive (formats 1 and 2): checked entry by entry before LibTorch reads it.
    verifyArchive(bytes, path, "model file");
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
    if (format.toInt() > 2) throw Error(path, "a LibTorch archive claiming model format " + std::to_string(format.toInt()) + " (damaged?)");
    std::shared_ptr<ModelBase> model = rebuild(path, architecture.toStringRef(), options.toStringRef(), expectedArchitecture);
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

std::string olderFormatNote(const std::string& path) {
    // LibTorch archives are zip files; safetensors files start with their header length.
    char magic[4] = {};
    std::ifstream in(path, std::ios::binary);
    if (!in.read(magic, sizeof magic) || std::string(magic, sizeof magic) != std::string("PK\x03\x04", 4)) return {};
    return path + ": an older model file (a LibTorch archive); it loads, but `timbrescope-cli pack --run " + path +
           " --out NEW.pt --weights float32` converts it to the current format (safetensors, an open format) with its weights unchanged";
}

} // namespace timbrescope::models
