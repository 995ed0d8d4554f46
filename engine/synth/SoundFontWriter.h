#pragma once
// Writes a SoundFont 2 file from plain sample data, so sample sets in other formats (GUS patches,
// folders of recorded notes) play through the same fluidsynth renderer, with the same variation
// (filter, envelope and vibrato generators) as the GM SoundFonts.

#include <cstdint>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct BankSample {
    std::string name;
    std::vector<std::int16_t> data;  // mono
    int sampleRate = 44100;
    int rootKey = 60;           // the MIDI key it sounds at unshifted
    int correctionCents = 0;    // added when played (the recording is this far off the root key)
    bool looped = false;
    std::uint32_t loopStart = 0, loopEnd = 0;  // frames; loopEnd one past the last looped frame
};

// SoundFont generator amounts in their native units; 'unset' leaves fluidsynth's default.
struct BankZone {
    static constexpr int unset = -32768;
    int lowKey = 0, highKey = 127;
    int sample = 0;                  // index into SampleBank::samples
    int rootKeyOverride = -1;        // -1: the sample's own root key
    int scaleTuning = 100;           // cents per key
    int attenuation = 0;             // centibels
    int attackTimecents = unset, decayTimecents = unset, releaseTimecents = unset;
    int sustainCentibels = unset;    // attenuation while the key is held, after the decay
};

struct BankInstrument {
    std::string name;
    std::vector<BankZone> zones;
};

struct BankPreset {
    std::string name;
    int bank = 0, program = 0;  // bank 128: a drum kit
    int instrument = 0;         // index into SampleBank::instruments
};

struct SampleBank {
    std::string name;
    std::vector<BankSample> samples;
    std::vector<BankInstrument> instruments;
    std::vector<BankPreset> presets;
};

// Throws Error naming the path if it cannot be written, or the bank if an index is out of range.
void writeSoundFont(const SampleBank& bank, const std::string& path);

} // namespace timbrescope::synth
