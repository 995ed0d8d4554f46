#pragma once
// The workbench's view of the bundled data (assets/, found by engine/core/AssetLocation).

#include <QString>

namespace timbrescope::gui {

// The path of `relative` inside assets/, or an empty string when it is nowhere to be found.
QString assetPath(const QString& relative);

} // namespace timbrescope::gui
