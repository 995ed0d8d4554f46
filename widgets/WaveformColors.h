#pragma once
// The waveform palette, shared by the view and its tests.

#include <QColor>

namespace timbrescope::widgets::WaveformColors {

inline const QColor plotBackground{252, 252, 253};
inline const QColor axis{150, 155, 165};
inline const QColor zeroLine{200, 205, 215};
inline const QColor peak{100, 149, 237};    // min/max envelope
inline const QColor rms{40, 85, 160};       // RMS band inside it
inline const QColor clip{220, 30, 30};      // full-scale marks
inline const QColor segmentGrid{175, 180, 190};
inline const QColor selection{255, 170, 60, 70};     // the 1-s segment
inline const QColor rangeSelection{60, 120, 220, 60};  // a dragged range
inline const QColor rangeSelectionEdge{40, 90, 200};
inline const QColor playhead{20, 150, 70};

} // namespace timbrescope::widgets::WaveformColors
