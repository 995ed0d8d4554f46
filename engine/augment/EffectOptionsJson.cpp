#include "engine/augment/EffectOptionsJson.h"

namespace timbrescope::augment {

nlohmann::json effectsToJson(const EffectOptions& e) {
    return {{"pitch", {{"share", e.pitchShare}, {"semitones", e.pitchSemitones}}},
            {"filter", {{"share", e.filterShare}}},
            {"room", {{"share", e.roomShare}, {"rt60", {e.minRt60, e.maxRt60}}}},
            {"compress", {{"share", e.compressShare}}},
            {"noise", {{"share", e.noiseShare}, {"snr_db", {e.minSnrDb, e.maxSnrDb}}}},
            {"codec", {{"share", e.codecShare}, {"level", {e.minCodecLevel, e.maxCodecLevel}}}}};
}

EffectOptions effectsFromJson(const nlohmann::json& j) {
    EffectOptions e;
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& pitch = j.value("pitch", none);
    e.pitchShare = pitch.value("share", 0.0);
    e.pitchSemitones = pitch.value("semitones", e.pitchSemitones);
    e.filterShare = j.value("filter", none).value("share", 0.0);
    const nlohmann::json& room = j.value("room", none);
    e.roomShare = room.value("share", 0.0);
    if (room.contains("rt60")) e.minRt60 = room["rt60"].at(0).get<double>(), e.maxRt60 = room["rt60"].at(1).get<double>();
    e.compressShare = j.value("compress", none).value("share", 0.0);
    const nlohmann::json& noise = j.value("noise", none);
    e.noiseShare = noise.value("share", 0.0);
    if (noise.contains("snr_db")) e.minSnrDb = noise["snr_db"].at(0).get<double>(), e.maxSnrDb = noise["snr_db"].at(1).get<double>();
    const nlohmann::json& codec = j.value("codec", none);
    e.codecShare = codec.value("share", 0.0);
    if (codec.contains("level")) e.minCodecLevel = codec["level"].at(0).get<double>(), e.maxCodecLevel = codec["level"].at(1).get<double>();
    return e;
}

} // namespace timbrescope::augment
