#pragma once
// What each instrument is heard as: an 11 × 11 grid whose row i, column j counts the test
// excerpts labelled i in which the model predicted j. The diagonal is what it gets right; each
// row is coloured relative to its largest count.

#include <QStringList>
#include <QWidget>

#include <vector>

namespace timbrescope::widgets {

class CoOccurrenceView : public QWidget {
    Q_OBJECT
public:
    explicit CoOccurrenceView(QWidget* parent = nullptr);

    // `counts`: classes × classes, row-major (labelled × predicted).
    void setMatrix(const QStringList& classes, const std::vector<int>& counts, const QString& title);
    QRect cellRect(int row, int column) const;
    int count(int row, int column) const { return counts_[std::size_t(row * classes_.size() + column)]; }
    QStringList csvLines() const;

    QSize sizeHint() const override { return {520, 480}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList classes_;
    std::vector<int> counts_;
    QString title_;
};

} // namespace timbrescope::widgets
