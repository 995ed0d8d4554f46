#pragma once
// A one-line note over a pane saying what it shows, for a first look (what "cell1 16 × 7350"
// means, what LRAP is), with a × that dismisses it; the window hides every hint at once and
// remembers it.

#include <QWidget>

class QLabel;

namespace timbrescope::widgets {

class PaneHint : public QWidget {
    Q_OBJECT
public:
    explicit PaneHint(const QString& text, QWidget* parent = nullptr);
    QString text() const { return text_; }
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    void dismissed();

private:
    void elide();
    QString text_;
    QLabel* label_ = nullptr;
};

} // namespace timbrescope::widgets
