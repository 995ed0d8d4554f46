// The safetensors reader: what is written reads back byte for byte; a file laid out by hand as
// the format's description says parses; every damaged or crafted header field is refused with
// one line naming the file and what is wrong, before any byte of data is used.

#include "engine/core/Error.h"
#include "engine/models/SafeTensors.h"

#include <QtTest>

#include <cstring>

using namespace timbrescope;
using namespace timbrescope::models;

namespace {

std::vector<std::uint8_t> fileOf(const std::string& header, std::size_t dataBytes) {
    std::string all(8, '\0');
    for (int i = 0; i < 8; ++i) all[std::size_t(i)] = char((std::uint64_t(header.size()) >> (8 * i)) & 0xFF);
    all += header;
    all.append(dataBytes, char(0x2A));
    return std::vector<std::uint8_t>(all.begin(), all.end());
}

QString refusal(std::vector<std::uint8_t> bytes) {
    try {
        parseSafeTensors(std::move(bytes), "model.safetensors");
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class SafeTensorsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void whatIsWrittenReadsBack() {
        std::vector<std::uint8_t> weights(2 * 3 * 4), codes = {1, 2, 253, 127};
        const float values[6] = {0.5f, -1.25f, 3.0f, 0.0f, 1e-3f, -7.5f};
        std::memcpy(weights.data(), values, sizeof values);
        const std::string written =
            writeSafeTensors({{"architecture", "crnn3"}, {"options", "{}"}},
                             {{"cell1.weight", "F32", {2, 3}, weights}, {"cell1.codes", "I8", {4}, codes}, {"empty", "F32", {0}, {}}});
        const auto file = parseSafeTensors(std::vector<std::uint8_t>(written.begin(), written.end()), "m");
        QCOMPARE(file.dataStart % 8, std::size_t(0));
        QCOMPARE(file.metadata.at("architecture"), std::string("crnn3"));
        QCOMPARE(file.tensors.size(), std::size_t(3));
        const SafeTensor& w = file.tensors.at("cell1.weight");
        QCOMPARE(w.dtype, std::string("F32"));
        QCOMPARE(w.shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(std::memcmp(file.data(w), values, sizeof values), 0);
        QCOMPARE(std::memcmp(file.data(file.tensors.at("cell1.codes")), codes.data(), 4), 0);
        QVERIFY(looksLikeSafeTensors(file.bytes));
    }

    void aFileLaidOutByHandParses() {
        const auto bytes = fileOf(R"({"__metadata__":{"format":"pt"},"b":{"dtype":"I8","shape":[2],"data_offsets":[4,6]},)"
                                  R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                                  6);
        const auto file = parseSafeTensors(bytes, "m");
        QCOMPARE(file.tensors.at("b").begin, std::size_t(4));
        QCOMPARE(file.metadata.at("format"), std::string("pt"));
        QVERIFY(!looksLikeSafeTensors({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}));  // a LibTorch (zip) archive
    }

    void everyDamagedFieldIsRefused() {
        const std::string ok = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
        std::vector<std::uint8_t> pastEnd = fileOf("{}", 0);
        pastEnd[0] = 200;
        const std::pair<std::vector<std::uint8_t>, const char*> cases[] = {
            {{1, 2, 3}, "shorter than its 8-byte header length"},
            {pastEnd, "its header length (200 bytes) runs past the end of the file"},
            {fileOf("{\"a\":", 0), "its header is not valid JSON"},
            {fileOf("[1,2]", 0), "its header is not a JSON object"},
            {fileOf(R"({"__metadata__":[1]})", 0), "\"__metadata__\" is not an object"},
            {fileOf(R"({"__metadata__":{"k":3}})", 0), "metadata \"k\" is not a string"},
            {fileOf(R"({"a":7})", 0), "tensor \"a\" is not an object"},
            {fileOf(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", 8), "tensor \"a\" has no dtype"},
            {fileOf(R"({"a":{"dtype":"F8","shape":[2],"data_offsets":[0,8]}})", 8), "tensor \"a\" has an unknown dtype \"F8\""},
            {fileOf(R"({"a":{"dtype":"F32","data_offsets":[0,8]}})", 8), "tensor \"a\" has no shape"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), "tensor \"a\" has a shape entry that is not a non-negative integer"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", 8), "tensor \"a\" has a shape entry that is not a non-negative integer"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[4611686018427387904,8],"data_offsets":[0,8]}})", 8), "tensor \"a\" has a shape too large to exist"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[2]}})", 8), "tensor \"a\" has no data_offsets [begin, end]"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,-8]}})", 8), "tensor \"a\" has no data_offsets [begin, end]"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", 8), "tensor \"a\" has data_offsets [8, 0] outside the 8 data bytes"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,80]}})", 8), "tensor \"a\" has data_offsets [0, 80] outside the 8 data bytes"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), "tensor \"a\" holds 8 bytes where its F32 shape needs 12"},
            {fileOf("{" + ok + R"(,"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "two tensors' byte ranges overlap (at byte 4)"},
            {fileOf(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "bytes 0-4 of its data belong to no tensor"},
            {fileOf("{" + ok + "}", 12), "bytes 8-12 of its data belong to no tensor"},
        };
        for (const auto& [bytes, reason] : cases) {
            const QString message = refusal(bytes);
            QVERIFY2(message == QStringLiteral("model.safetensors: not a valid safetensors model file: ") + reason, qPrintable(message + " / expected: " + reason));
        }
    }
};

QTEST_MAIN(SafeTensorsTest)
#include "SafeTensorsTest.moc"
