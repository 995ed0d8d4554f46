#pragma once
// The effects chain's options as JSON, one schema wherever they are recorded: a run's run.json
// (training.effects) and a degraded test set's timbrescope-degrade.json.

#include "engine/augment/EffectOptions.h"

#include <nlohmann/json.hpp>

namespace timbrescope::augment {

nlohmann::json effectsToJson(const EffectOptions& options);
// Missing entries keep their defaults (records written before an effect existed).
EffectOptions effectsFromJson(const nlohmann::json& json);

} // namespace timbrescope::augment
