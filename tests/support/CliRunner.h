#pragma once
// Runs the real timbrescope-cli binary, as a user or a script would.

#include <QString>
#include <QStringList>

namespace timbrescope::testing {

struct CliRun {
    int exitCode;
    QString out, err;
};

// `cliPath`: the binary; fails the test process if it does not finish within five minutes.
CliRun runCli(const QString& cliPath, const QStringList& args);

} // namespace timbrescope::testing
