#pragma once
// The Help menu's texts: every keyboard shortcut the window answers to (read from its menus, so
// the list cannot fall behind them) and the About box (versions and what computes here).

#include <QList>
#include <QString>

class QMenu;

namespace timbrescope::gui {

// An HTML table: each menu item with a shortcut ("View ▸ Zoom to Selection  Ctrl+E"), then the
// keys the waveform answers to while it has the focus.
QString shortcutsHtml(const QList<QMenu*>& menus);

// Version, Qt, LibTorch and the devices it sees.
QString aboutHtml();

} // namespace timbrescope::gui
