// What `--model`, `eval` and `--resume` load: model files (fold-K.pt, packed or not) and run
// folders' run.json. The first byte picks which; the rest is the file.
#include "engine/models/ModelFile.h"
#include "engine/train/RunRecord.h"
#include "tests/fuzz/FuzzInput.h"

using namespace timbrescope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    try {
        if (data[0] % 2 == 0) {
            const std::string path = fuzz::writeScratchFile("model.pt", data + 1, size - 1);
            models::loadModel(path);
        } else {
            fuzz::writeScratchFile("run.json", data + 1, size - 1);
            train::readRunRecord(fuzz::scratchFolder().string());
        }
    } catch (const Error&) {
    }
    return 0;
}
