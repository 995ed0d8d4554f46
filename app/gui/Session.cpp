#include "app/gui/Session.h"

#include "engine/core/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace timbrescope::gui {
namespace {

constexpr int kVersion = 1;
const QString kFormat = QStringLiteral("timbrescope-session");

[[noreturn]] void fail(const QString& path, const QString& reason) { throw Error(path.toStdString(), reason.toStdString()); }

} // namespace

void saveSession(const Session& s, const QString& path) {
    const QDir base = QFileInfo(path).absoluteDir();
    const auto relative = [&](const QString& p) { return p.isEmpty() ? QString() : base.relativeFilePath(QFileInfo(p).absoluteFilePath()); };
    QJsonArray tracks;
    for (const QString& t : s.tracks) tracks.append(relative(t));
    const QJsonObject json{{"format", kFormat},
                           {"version", kVersion},
                           {"tracks", tracks},
                           {"current_track", relative(s.currentTrack)},
                           {"model", relative(s.model)},
                           {"dataset", relative(s.dataset)},
                           {"compare", QJsonArray{relative(s.compareA), relative(s.compareB)}},
                           {"view", QJsonObject{{"start", s.viewStart}, {"duration", s.viewDuration}}},
                           {"selection", QJsonObject{{"start", s.selectionStart}, {"end", s.selectionEnd}}},
                           {"segment", s.segment}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) fail(path, file.errorString());
    file.write(QJsonDocument(json).toJson());
    if (!file.commit()) fail(path, file.errorString());
}

Session loadSession(const QString& path) {
    QFile file(path);
    if (!QFileInfo::exists(path)) fail(path, QStringLiteral("no such file"));
    if (!file.open(QIODevice::ReadOnly)) fail(path, file.errorString());
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(4 << 20), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        fail(path, QStringLiteral("not a session file (not JSON: %1)").arg(parse.errorString()));
    const QJsonObject json = doc.object();
    if (json["format"].toString() != kFormat) fail(path, QStringLiteral("not a session file (no \"format\": \"%1\")").arg(kFormat));
    if (json["version"].toInt(-1) < 1 || json["version"].toInt() > kVersion)
        fail(path, QStringLiteral("session version %1 is not one this Timbrescope reads (up to %2)").arg(json["version"].toVariant().toString()).arg(kVersion));

    const QDir base = QFileInfo(path).absoluteDir();
    const auto text = [&](const QJsonValue& v, const char* field) {
        if (v.isUndefined() || v.isNull()) return QString();
        if (!v.isString()) fail(path, QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)));
        return v.toString().isEmpty() ? QString() : QDir::cleanPath(base.absoluteFilePath(v.toString()));
    };
    const auto number = [&](const QJsonValue& v, const char* field) {
        if (v.isUndefined()) return 0.0;
        if (!v.isDouble() || !(v.toDouble() >= 0.0)) fail(path, QStringLiteral("\"%1\" must be a number ≥ 0").arg(QLatin1String(field)));
        return v.toDouble();
    };
    Session s;
    if (!json["tracks"].isUndefined() && !json["tracks"].isArray()) fail(path, QStringLiteral("\"tracks\" must be a list of paths"));
    for (const QJsonValue& t : json["tracks"].toArray()) s.tracks << text(t, "tracks");
    s.currentTrack = text(json["current_track"], "current_track");
    s.model = text(json["model"], "model");
    s.dataset = text(json["dataset"], "dataset");
    const QJsonArray compare = json["compare"].toArray();
    if (compare.size() == 2) {
        s.compareA = text(compare[0], "compare");
        s.compareB = text(compare[1], "compare");
    }
    s.viewStart = number(json["view"]["start"], "view.start");
    s.viewDuration = number(json["view"]["duration"], "view.duration");
    s.selectionStart = number(json["selection"]["start"], "selection.start");
    s.selectionEnd = number(json["selection"]["end"], "selection.end");
    const QJsonValue segment = json["segment"];
    if (!segment.isUndefined() && (!segment.isDouble() || segment.toDouble() < -1 || segment.toDouble() != std::floor(segment.toDouble())))
        fail(path, QStringLiteral("\"segment\" must be a whole number (-1: none)"));
    s.segment = segment.toInt(-1);
    return s;
}

} // namespace timbrescope::gui
