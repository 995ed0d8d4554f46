#pragma once
// Where the workbench finds its bundled data (assets/): $TIMBRESCOPE_ASSETS, next to the
// executable's tree (build/app/../../assets), or the source tree it was built from.

#include <QString>

namespace timbrescope::gui {

// The path of `relative` inside assets/, or an empty string when it is nowhere to be found.
QString assetPath(const QString& relative);

} // namespace timbrescope::gui
