#include "app/gui/HelpText.h"

#include "engine/train/Device.h"

#include <QAction>
#include <QCoreApplication>
#include <QMenu>

namespace timbrescope::gui {
namespace {

QString plainTitle(QString text) { return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")); }

void addRows(const QMenu* menu, const QString& path, QString& rows) {
    for (const QAction* a : menu->actions()) {
        if (a->menu()) {
            addRows(a->menu(), path + QStringLiteral(" ▸ ") + plainTitle(a->text()), rows);
        } else if (!a->shortcut().isEmpty()) {
            rows += QStringLiteral("<tr><td>%1 ▸ %2</td><td><b>%3</b></td></tr>")
                        .arg(path, plainTitle(a->text()).toHtmlEscaped(), a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
        }
    }
}

} // namespace

QString shortcutsHtml(const QList<QMenu*>& menus) {
    QString rows;
    for (const QMenu* menu : menus) addRows(menu, plainTitle(menu->title()), rows);
    const char* waveformKeys[][2] = {
        {QT_TRANSLATE_NOOP("Help", "Click"), QT_TRANSLATE_NOOP("Help", "select a 1-s segment")},
        {QT_TRANSLATE_NOOP("Help", "Drag"), QT_TRANSLATE_NOOP("Help", "select a range")},
        {QT_TRANSLATE_NOOP("Help", "Wheel"), QT_TRANSLATE_NOOP("Help", "zoom around the pointer")},
        {QT_TRANSLATE_NOOP("Help", "Shift+Wheel, Left, Right"), QT_TRANSLATE_NOOP("Help", "scroll")},
        {QT_TRANSLATE_NOOP("Help", "+ and −"), QT_TRANSLATE_NOOP("Help", "zoom in and out")},
        {QT_TRANSLATE_NOOP("Help", "Up, Down, Ctrl+Wheel"), QT_TRANSLATE_NOOP("Help", "vertical zoom (magnify quiet passages)")},
        {QT_TRANSLATE_NOOP("Help", "0"), QT_TRANSLATE_NOOP("Help", "the whole track")},
        {QT_TRANSLATE_NOOP("Help", "Home, End"), QT_TRANSLATE_NOOP("Help", "the start, the end")},
    };
    QString waveform;
    for (const auto& key : waveformKeys)
        waveform += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                        .arg(QCoreApplication::translate("Help", key[1]), QCoreApplication::translate("Help", key[0]));
    return QCoreApplication::translate("Help", "<h3>Menus</h3><table cellspacing=4>%1</table>"
                                               "<h3>In the waveform</h3><table cellspacing=4>%2</table>")
        .arg(rows, waveform);
}

QString aboutHtml() {
    return QCoreApplication::translate("Help",
                                       "<h3>Timbrescope %1</h3>"
                                       "<p>A workbench for looking inside instrument recognition: raw-waveform CNN and "
                                       "CNN-BiGRU models and a CQT baseline for polyphonic instrument classification.</p>"
                                       "<p>Qt %2<br>%3</p>")
        .arg(QCoreApplication::applicationVersion().isEmpty() ? QStringLiteral("(development build)") : QCoreApplication::applicationVersion(),
             QString::fromLatin1(qVersion()), QString::fromStdString(train::describeCompute()).toHtmlEscaped());
}

} // namespace timbrescope::gui
