// Model files in safetensors (engine/models/SafeTensors.h): any bytes are either parsed, with
// every range inside the file, or refused with an Error; never a crash or a read out of bounds.
#include "engine/core/Error.h"
#include "engine/models/SafeTensors.h"

#include <cstdint>
#include <vector>

using namespace timbrescope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const models::SafeTensorsFile file = models::parseSafeTensors(std::vector<std::uint8_t>(data, data + size), "fuzz.safetensors");
        // Touch every byte each tensor claims, so a range past the end shows under ASan.
        unsigned sum = 0;
        for (const auto& [name, t] : file.tensors)
            for (std::size_t i = 0; i < t.end - t.begin; ++i) sum += file.data(t)[i];
        static volatile unsigned sink;
        sink = sum;
    } catch (const Error&) {
    }
    return 0;
}
