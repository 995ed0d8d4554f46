#include "app/gui/Assets.h"

#include "engine/core/AssetLocation.h"

namespace timbrescope::gui {

QString assetPath(const QString& relative) { return QString::fromStdString(findAsset(relative.toStdString())); }

} // namespace timbrescope::gui
