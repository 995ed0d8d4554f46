#include "tests/support/CliRunner.h"

#include <QProcess>

namespace timbrescope::testing {

CliRun runCli(const QString& cliPath, const QStringList& args) {
    QProcess p;
    p.start(cliPath, args);
    if (!p.waitForFinished(300000)) qFatal("%s did not finish", qPrintable(cliPath));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace timbrescope::testing
