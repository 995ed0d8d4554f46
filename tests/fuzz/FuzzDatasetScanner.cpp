// The dataset scanner on a folder tree described by the input, one file per line:
//   relative/path<TAB>content      (content may be empty; "\n" ends the entry)
//   relative/path<TAB>@wavN        (a valid 0.1-s WAV tone of N×100 Hz: usable audio)
// Paths that would leave the folder are dropped; at most 24 files, so each run stays quick.
#include "engine/audio/AudioFileWriter.h"
#include "engine/data/DatasetScanner.h"
#include "tests/fuzz/FuzzInput.h"

#include <cmath>
#include <sstream>
#include <vector>

using namespace timbrescope;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path root = fuzz::scratchFolder() / "dataset";
    std::error_code ignored;
    fs::remove_all(root, ignored);
    fs::create_directories(root);

    std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
    std::string line;
    for (int files = 0; files < 24 && std::getline(lines, line);) {
        const auto tab = line.find('\t');
        const fs::path relative = fs::path(line.substr(0, tab)).lexically_normal();
        if (relative.empty() || relative.is_absolute() || relative.string().rfind("..", 0) == 0 || relative.filename().empty()) continue;
        const fs::path file = root / relative;
        fs::create_directories(file.parent_path(), ignored);
        if (ignored) continue;  // a file already stands where a folder should
        const std::string content = tab == std::string::npos ? std::string() : line.substr(tab + 1);
        if (content.rfind("@wav", 0) == 0) {
            const double frequency = 100.0 * (1 + std::atoi(content.c_str() + 4) % 40);
            std::vector<float> tone(800);
            for (std::size_t i = 0; i < tone.size(); ++i) tone[i] = 0.3f * float(std::sin(2 * M_PI * frequency * double(i) / 8000.0));
            try {
                audio::writeWav(file, tone.data(), std::int64_t(tone.size()), 1, 8000);
            } catch (const Error&) {
                continue;
            }
        } else {
            std::ofstream(file, std::ios::binary) << content;
        }
        ++files;
    }
    data::ScanOptions options;
    options.cacheDir = (fuzz::scratchFolder() / "cache").string();
    try {
        const data::DatasetIndex index = data::scanDataset(root.string(), options);
        for (const auto& entry : index.entries)
            if (entry.labels == 0 && entry.split == data::Split::Train) std::abort();  // a training file always has its class
    } catch (const Error&) {
    }
    return 0;
}
