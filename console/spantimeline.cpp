#include "spantimeline.h"

#include "models/spantreemodel.h"

#include <QApplication>
#include <QPainter>

QRectF SpanTimelineDelegate::barRect(const QRectF &cell, qint64 startMs, qint64 durationMs, qint64 turnMs)
{
    const QRectF inner = cell.adjusted(2, 3, -2, -3);
    if (inner.width() <= 0)
        return {};
    // A turn faster than a millisecond still gets a scale.
    const double scale = inner.width() / double(qMax<qint64>(turnMs, 1));
    const double left = inner.left() + qBound<double>(0, startMs * scale, inner.width() - 2);
    const double width = qBound<double>(2, qMax<qint64>(durationMs, 0) * scale, inner.right() - left);
    return {left, inner.top(), width, inner.height()};
}

void SpanTimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() != SpanTreeModel::TimelineColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell's background and selection as the style draws them, then the bar.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const QRectF bar = barRect(option.rect, index.data(SpanTreeModel::StartMsRole).toLongLong(),
                               index.data(SpanTreeModel::DurationMsRole).toLongLong(),
                               index.data(SpanTreeModel::TurnDurationMsRole).toLongLong());
    if (bar.isEmpty())
        return;
    const QString kind = index.data(SpanTreeModel::KindRole).toString();
    const QString status = index.data(SpanTreeModel::StatusRole).toString();
    QColor colour = kind == QLatin1String("tool")  ? QColor(0x2e, 0x7d, 0x32)
                  : kind == QLatin1String("model") ? QColor(0x6a, 0x1b, 0x9a)
                                                   : QColor(0x1e, 0x63, 0x9e);
    if (status == QLatin1String("error"))
        colour = QColor(0xc6, 0x28, 0x28);
    else if (status == QLatin1String("warning"))
        colour = QColor(0xef, 0x8f, 0x00);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawRoundedRect(bar, 2, 2);
    painter->restore();
}

QSize SpanTimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == SpanTreeModel::TimelineColumn)
        size.setWidth(qMax(size.width(), 200));
    return size;
}
