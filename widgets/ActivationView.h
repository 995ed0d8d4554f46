#pragma once
// The paper's Figure 1 for any model: one strip per layer for the selected segment (the input
// waveform, each cell's channels × time heat map, skip sums, GRU outputs, class maps), a colour
// scale, a choice of normalisation, and a read-out of the value under the mouse.

#include "widgets/ActivationMap.h"

#include <QImage>
#include <QWidget>

namespace timbrescope::widgets {

class ActivationView : public QWidget {
    Q_OBJECT
public:
    enum class Normalisation { PerLayer, PerChannel };

    explicit ActivationView(QWidget* parent = nullptr);

    void setMaps(ActivationMaps maps, const QString& caption = {});
    void clear();
    void setNormalisation(Normalisation n);
    Normalisation normalisation() const { return normalisation_; }

    const ActivationMaps& maps() const { return maps_; }
    const QString& caption() const { return caption_; }  // what the maps are of: track, segment, model
    // Where each layer's strip is drawn (for hit-testing, export and tests).
    QRect stripRect(int layer) const;
    // "cell3 · channel 12 of 64 · step 400 of 816 · 0.532" for a point, or empty.
    QString readout(const QPoint& point) const;

    QSize sizeHint() const override;
    // As tall as every strip: in a scroll area the deeper layers are scrolled to, never squeezed
    // out, and an export of the view holds every layer.
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void hovered(const QString& readout);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildImages();
    int stripHeight(const ActivationMap& map) const;
    int contentHeight() const;

    ActivationMaps maps_;
    QString caption_;
    Normalisation normalisation_ = Normalisation::PerLayer;
    std::vector<QImage> images_;  // one per map, columns pooled to the plot width
};

} // namespace timbrescope::widgets
