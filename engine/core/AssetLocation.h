#pragma once
// Where the bundled data (assets/: trained models, demo tracks, the paper's numbers) is found:
// $TIMBRESCOPE_ASSETS, next to the executable's tree (bin/../assets, build/app/../../assets), or
// the source tree the engine was built from. Shared by the workbench and the CLI.

#include <string>

namespace timbrescope {

// The path of `relative` inside assets/, or an empty string when it is nowhere to be found.
std::string findAsset(const std::string& relative);

// The bundled models (scripts/reproduce-defaults rebuilds them) and demo tracks, inside assets/.
inline constexpr const char* kBundledModel = "models/crnn3";
inline constexpr const char* kBundledBaseline = "models/cqt-cnn-reduced";
inline constexpr const char* kDemoTracks = "demo";

} // namespace timbrescope
