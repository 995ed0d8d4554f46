#pragma once
// A General MIDI SoundFont loaded once and shared by many renders on one thread: each render
// gets a fresh synthesiser (so its output depends only on its score) that borrows this font.
// A TiMidity patch set (.cfg of GUS patches, GusPatchSet.h) or a folder of recorded notes
// (SampleFolder.h) loads as the SoundFont it converts to, and so do the physical models named
// "stk" or "stk:SEED" (PhysicalModels.h).

#include <string>
#include <vector>

typedef struct _fluid_hashtable_t fluid_settings_t;
typedef struct _fluid_synth_t fluid_synth_t;
typedef struct _fluid_sfont_t fluid_sfont_t;

namespace timbrescope::synth {

// Debian's FluidR3 GM (package fluid-soundfont-gm).
inline constexpr const char* kDefaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

class SoundFont {
public:
    // Throws Error naming the file if it is missing or not a SoundFont or patch set.
    explicit SoundFont(const std::string& path = kDefaultSoundFont);
    ~SoundFont();
    SoundFont(const SoundFont&) = delete;
    SoundFont& operator=(const SoundFont&) = delete;

    const std::string& path() const { return path_; }
    // Remarks from loading it, e.g. a sample folder's files left out and why.
    const std::vector<std::string>& notes() const { return notes_; }
    bool hasPreset(int bank, int program) const;
    fluid_sfont_t* handle() const { return font_; }

private:
    std::string path_;
    std::vector<std::string> notes_;
    fluid_settings_t* settings_ = nullptr;
    fluid_synth_t* owner_ = nullptr;  // the synth that loaded the font and owns it
    fluid_sfont_t* font_ = nullptr;
};

} // namespace timbrescope::synth
