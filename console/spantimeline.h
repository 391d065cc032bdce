#pragma once
#include <QStyledItemDelegate>

// Draws a span as a bar on the turn's timeline, in the span tree's timeline
// column: offset and length scaled to the whole turn (SpanTreeModel's
// StartMsRole, DurationMsRole, TurnDurationMsRole), coloured by kind, red
// when the span failed.
class SpanTimelineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpanTimelineDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The bar inside `cell` for a span of `durationMs` starting at `startMs` of
    // a turn `turnMs` long; at least 2 px wide so instant spans stay visible.
    static QRectF barRect(const QRectF &cell, qint64 startMs, qint64 durationMs, qint64 turnMs);
};
