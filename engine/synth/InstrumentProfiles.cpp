#include "engine/synth/InstrumentProfiles.h"

#include "engine/data/Instruments.h"

#include <array>

namespace timbrescope::synth {

const InstrumentProfile& profileFor(int classIndex) {
    using R = Role;
    // Index order follows data::instrumentClasses(): cel cla flu gac gel org pia sax tru vio voi.
    static const std::array<InstrumentProfile, data::kClassCount> profiles = {{
        {0, {{42, 36, 74}}, {R::Melody, R::Sustained}},
        {1, {{71, 50, 86}}, {R::Melody}},
        {2, {{73, 60, 93}}, {R::Melody}},
        {3, {{24, 40, 79}, {25, 40, 79}}, {R::Strum, R::Arpeggio}},
        {4, {{26, 40, 81}, {27, 40, 81}, {28, 40, 76}, {29, 40, 81}, {30, 40, 81}}, {R::Strum, R::Arpeggio, R::Melody, R::Riff}},
        {5, {{16, 36, 84}, {17, 36, 84}, {18, 36, 84}, {19, 36, 84}}, {R::Chords, R::Sustained}},
        {6, {{0, 33, 96}, {1, 33, 96}}, {R::Chords, R::Arpeggio, R::Melody}},
        {7, {{64, 56, 87}, {65, 49, 80}, {66, 44, 75}, {67, 36, 68}}, {R::Melody}},
        {8, {{56, 54, 82}, {59, 54, 79}}, {R::Melody}},
        {9, {{40, 55, 93}, {110, 55, 88}}, {R::Melody, R::Sustained}},
        {10, {{52, 48, 76}, {53, 48, 76}}, {R::Sustained, R::Melody}},
    }};
    return profiles.at(static_cast<std::size_t>(classIndex));
}

} // namespace timbrescope::synth
