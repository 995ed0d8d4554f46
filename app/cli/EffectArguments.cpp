#include "app/cli/EffectArguments.h"

#include "engine/core/Error.h"

#include <cstdio>
#include <exception>
#include <optional>
#include <tuple>

namespace timbrescope::cli {
namespace {

// "MIN:MAX" within [low, high], e.g. --rt60 0.2:1.2; throws Error naming the option otherwise.
std::optional<std::pair<double, double>> takeRange(Arguments& args, const std::string& name, double low, double high) {
    const auto text = args.takeValue(name);
    if (!text) return std::nullopt;
    const auto colon = text->find(':');
    if (colon != std::string::npos) {
        const std::string first = text->substr(0, colon), second = text->substr(colon + 1);
        try {
            std::size_t used1 = 0, used2 = 0;
            const double a = std::stod(first, &used1), b = std::stod(second, &used2);
            if (used1 == first.size() && used2 == second.size() && a >= low && a <= b && b <= high) return std::pair{a, b};
        } catch (const std::exception&) {  // not numbers: the error below says what is expected
        }
    }
    char bounds[64];
    std::snprintf(bounds, sizeof bounds, "%g <= MIN <= MAX <= %g", low, high);
    throw Error(name, "'" + *text + "' is not MIN:MAX with " + bounds);
}

} // namespace

augment::EffectOptions parseEffects(Arguments& args) {
    augment::EffectOptions e;
    const double all = args.takeNumber("--effects", 0.0, 1.0).value_or(0.0);
    e.pitchShare = args.takeNumber("--pitch", 0.0, 1.0).value_or(all);
    e.pitchSemitones = args.takeNumber("--pitch-range", 0.01, 12.0).value_or(e.pitchSemitones);
    e.filterShare = args.takeNumber("--filter", 0.0, 1.0).value_or(all);
    e.roomShare = args.takeNumber("--room", 0.0, 1.0).value_or(all);
    if (const auto rt60 = takeRange(args, "--rt60", 0.05, 3.0)) std::tie(e.minRt60, e.maxRt60) = *rt60;
    e.compressShare = args.takeNumber("--compress", 0.0, 1.0).value_or(all);
    e.noiseShare = args.takeNumber("--noise", 0.0, 1.0).value_or(all);
    if (const auto snr = takeRange(args, "--snr", 0.0, 80.0)) std::tie(e.minSnrDb, e.maxSnrDb) = *snr;
    e.codecShare = args.takeNumber("--codec", 0.0, 1.0).value_or(0.0);
    if (const auto level = takeRange(args, "--codec-level", 0.0, 1.0)) std::tie(e.minCodecLevel, e.maxCodecLevel) = *level;
    return e;
}

std::string effectOptionsHelp() {
    return
            "  --effects SHARE          the effects chain below, each effect on this share of examples\n"
            "                           (default 0) unless its own option says otherwise:\n"
            "  --pitch SHARE            pitch shift by resampling, up to ±--pitch-range (default 2) semitones\n"
            "  --filter SHARE           a low-pass (1.5-10 kHz) or high-pass (50-500 Hz)\n"
            "  --room SHARE             a generated room, RT60 in --rt60 (default 0.1:1.5) seconds\n"
            "  --compress SHARE         a compressor (ratio 2-8, threshold -30..-6 dB below the peak)\n"
            "  --noise SHARE            white or pink noise at an SNR in --snr (default 15:40) dB\n"
            "  --codec SHARE            (not part of --effects) an MP3 or Ogg Vorbis round trip in memory\n"
            "                           at a compression level in --codec-level (default 0.4:0.9, 0 = best,\n"
            "                           1 = smallest; MP3 at 22.05 kHz: about 105 to 25 kbit/s)\n";
}

} // namespace timbrescope::cli
