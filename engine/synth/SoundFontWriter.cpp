#include "engine/synth/SoundFontWriter.h"

#include "engine/core/Error.h"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace timbrescope::synth {
namespace {

// SoundFont 2.01 generator numbers (specification section 8.1.2).
enum Generator : std::uint16_t {
    kAttackVolEnv = 34, kDecayVolEnv = 36, kSustainVolEnv = 37, kReleaseVolEnv = 38,
    kInstrument = 41, kKeyRange = 43, kInitialAttenuation = 48, kSampleId = 53, kSampleModes = 54,
    kScaleTuning = 56, kOverridingRootKey = 58,
};
constexpr int kGuardFrames = 46;  // zero frames the specification wants after every sample

class Bytes {
public:
    void u8(std::uint8_t v) { data_.push_back(v); }
    void u16(std::uint16_t v) { u8(std::uint8_t(v)), u8(std::uint8_t(v >> 8)); }
    void u32(std::uint32_t v) { u16(std::uint16_t(v)), u16(std::uint16_t(v >> 16)); }
    void name(const std::string& s, std::size_t width) {  // zero-padded, always terminated
        for (std::size_t i = 0; i < width; ++i) u8(i + 1 < width && i < s.size() ? std::uint8_t(s[i]) : 0);
    }
    void tag(const char* fourcc) { data_.insert(data_.end(), fourcc, fourcc + 4); }
    void append(const Bytes& other) { data_.insert(data_.end(), other.data_.begin(), other.data_.end()); }
    // A chunk: its tag, its size, its payload and a pad byte to an even length.
    void chunk(const char* fourcc, const Bytes& payload) {
        tag(fourcc);
        u32(std::uint32_t(payload.size()));
        append(payload);
        if (payload.size() % 2) u8(0);
    }
    void list(const char* type, const Bytes& chunks) {
        Bytes body;
        body.tag(type);
        body.append(chunks);
        chunk("LIST", body);
    }
    std::size_t size() const { return data_.size(); }
    const std::vector<std::uint8_t>& data() const { return data_; }

private:
    std::vector<std::uint8_t> data_;
};

void generator(Bytes& gens, std::uint16_t op, int amount) {
    gens.u16(op);
    gens.u16(std::uint16_t(std::int16_t(amount)));
}

void optionalGenerator(Bytes& gens, std::uint16_t op, int amount, std::size_t& count) {
    if (amount == BankZone::unset) return;
    generator(gens, op, amount);
    ++count;
}

} // namespace

void writeSoundFont(const SampleBank& bank, const std::string& path) {
    Bytes info;
    {
        Bytes version;
        version.u16(2), version.u16(1);
        info.chunk("ifil", version);
        Bytes engine;
        engine.name("EMU8000", 8);
        info.chunk("isng", engine);
        const std::string title = bank.name.empty() ? "Timbrescope" : bank.name.substr(0, 254);
        Bytes name;
        name.name(title, (title.size() + 2) & ~std::size_t(1));  // terminated, even length
        info.chunk("INAM", name);
    }

    Bytes samples, shdr;
    std::uint32_t frame = 0;
    for (const BankSample& s : bank.samples) {
        const auto frames = std::uint32_t(s.data.size());
        for (std::int16_t v : s.data) samples.u16(std::uint16_t(v));
        for (int i = 0; i < kGuardFrames; ++i) samples.u16(0);
        const bool loop = s.looped && s.loopEnd > s.loopStart && s.loopEnd <= frames;
        shdr.name(s.name, 20);
        shdr.u32(frame), shdr.u32(frame + frames);
        shdr.u32(frame + (loop ? s.loopStart : 0)), shdr.u32(frame + (loop ? s.loopEnd : frames));
        shdr.u32(std::uint32_t(s.sampleRate));
        shdr.u8(std::uint8_t(std::clamp(s.rootKey, 0, 127)));
        shdr.u8(std::uint8_t(std::int8_t(std::clamp(s.correctionCents, -99, 99))));
        shdr.u16(0), shdr.u16(1);  // no link, mono
        frame += frames + kGuardFrames;
    }
    shdr.name("EOS", 20);
    for (int i = 0; i < 5; ++i) shdr.u32(0);
    shdr.u8(0), shdr.u8(0), shdr.u16(0), shdr.u16(0);

    Bytes inst, ibag, igen, imod;
    std::size_t bags = 0, gens = 0;
    for (const BankInstrument& instrument : bank.instruments) {
        inst.name(instrument.name, 20);
        inst.u16(std::uint16_t(bags));
        for (const BankZone& z : instrument.zones) {
            if (z.sample < 0 || z.sample >= int(bank.samples.size()))
                throw Error(bank.name, "instrument " + instrument.name + " names sample " + std::to_string(z.sample));
            const BankSample& s = bank.samples[std::size_t(z.sample)];
            ibag.u16(std::uint16_t(gens)), ibag.u16(0);
            ++bags;
            // The key range first and the sample last, as the specification orders them.
            generator(igen, kKeyRange, std::clamp(z.lowKey, 0, 127) | (std::clamp(z.highKey, 0, 127) << 8));
            ++gens;
            if (z.rootKeyOverride >= 0) generator(igen, kOverridingRootKey, z.rootKeyOverride), ++gens;
            if (z.scaleTuning != 100) generator(igen, kScaleTuning, z.scaleTuning), ++gens;
            if (z.attenuation != 0) generator(igen, kInitialAttenuation, z.attenuation), ++gens;
            optionalGenerator(igen, kAttackVolEnv, z.attackTimecents, gens);
            optionalGenerator(igen, kDecayVolEnv, z.decayTimecents, gens);
            optionalGenerator(igen, kSustainVolEnv, z.sustainCentibels, gens);
            optionalGenerator(igen, kReleaseVolEnv, z.releaseTimecents, gens);
            if (s.looped) generator(igen, kSampleModes, 1), ++gens;  // loop on through the release
            generator(igen, kSampleId, z.sample);
            ++gens;
        }
    }
    inst.name("EOI", 20);
    inst.u16(std::uint16_t(bags));
    ibag.u16(std::uint16_t(gens)), ibag.u16(0);
    generator(igen, 0, 0);
    for (int i = 0; i < 5; ++i) imod.u16(0);

    Bytes phdr, pbag, pgen, pmod;
    for (std::size_t i = 0; i < bank.presets.size(); ++i) {
        const BankPreset& p = bank.presets[i];
        if (p.instrument < 0 || p.instrument >= int(bank.instruments.size()))
            throw Error(bank.name, "preset " + p.name + " names instrument " + std::to_string(p.instrument));
        phdr.name(p.name, 20);
        phdr.u16(std::uint16_t(p.program)), phdr.u16(std::uint16_t(p.bank)), phdr.u16(std::uint16_t(i));
        phdr.u32(0), phdr.u32(0), phdr.u32(0);
        pbag.u16(std::uint16_t(i)), pbag.u16(0);
        generator(pgen, kInstrument, p.instrument);
    }
    phdr.name("EOP", 20);
    phdr.u16(0), phdr.u16(0), phdr.u16(std::uint16_t(bank.presets.size()));
    phdr.u32(0), phdr.u32(0), phdr.u32(0);
    pbag.u16(std::uint16_t(bank.presets.size())), pbag.u16(0);
    generator(pgen, 0, 0);
    for (int i = 0; i < 5; ++i) pmod.u16(0);
    if (bags > 0xffff || gens > 0xffff) throw Error(bank.name, "too many zones for one SoundFont");

    Bytes sdta, pdta, body;
    sdta.chunk("smpl", samples);
    for (auto [tag, bytes] : {std::pair{"phdr", &phdr}, {"pbag", &pbag}, {"pmod", &pmod}, {"pgen", &pgen}, {"inst", &inst},
                              {"ibag", &ibag}, {"imod", &imod}, {"igen", &igen}, {"shdr", &shdr}})
        pdta.chunk(tag, *bytes);
    body.tag("sfbk");
    body.list("INFO", info);
    body.list("sdta", sdta);
    body.list("pdta", pdta);
    Bytes file;
    file.chunk("RIFF", body);

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(file.data().data()), std::streamsize(file.size()));
    if (!out.flush()) throw Error(path, "cannot write the SoundFont");
}

} // namespace timbrescope::synth
