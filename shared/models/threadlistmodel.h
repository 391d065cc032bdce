#pragma once
#include "model/message.h"
#include "model/thread.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <functional>
#include <optional>

// The live list of conversations, one row per Thread: status, channel, last
// message, waiting time, assignee. The handoff queue comes first, longest
// waiting on top; then the rest, most recently active first. Rows are updated
// in place by thread id (single events move or insert one row; a whole
// snapshot is merged with one removal pass, one insertion and one re-sort), so
// selections survive and thousands of rows stay smooth.
class ThreadListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadListModel)

public:
    enum Column { StatusColumn, ChannelColumn, LastMessageColumn, WaitingColumn, AssigneeColumn, ColumnCount };
    enum Role {
        ThreadIdRole = Qt::UserRole + 1,
        StatusRole,        // "bot", "handoff", "human", "closed"
        ChannelRole,
        AssigneeRole,
        WaitingMsecsRole,  // handoffs only; -1 otherwise
        UpdatedAtRole,     // ms since the epoch
    };

    explicit ThreadListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A whole list (a snapshot): rows not in it go, the rest are updated or added.
    void setThreads(const QList<Thread> &threads);
    // One thread, new or changed.
    void upsert(const Thread &thread);
    // A status change from the event stream.
    void updateStatus(const QString &threadId, ThreadStatus status, const QString &assignee,
                      const QString &reason = {}, qint64 at = 0);
    // A new message in a listed thread: its preview, count and activity time.
    void noteMessage(const Message &message);
    bool remove(const QString &threadId);
    void clear();

    int rowOf(const QString &threadId) const;
    std::optional<Thread> thread(const QString &threadId) const;
    const Thread &threadAt(int row) const { return m_rows.at(row); }
    int handoffCount() const { return m_handoffs; }

    // The clock for waiting times (tests set their own); tick() repaints them.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    void tick();
    // Headers and status names again, after the language changed.
    void retranslate();

    static QString statusText(ThreadStatus status);
    static QString formatWaiting(qint64 msecs);

signals:
    void handoffCountChanged(int count);
    // A thread entered the handoff queue after the first list was loaded.
    void handoffArrived(const Thread &thread);

private:
    static bool lessThan(const Thread &a, const Thread &b);
    static qint64 queuedSince(const Thread &thread);
    int insertPosition(const Thread &thread, int skipRow = -1) const;
    void rebuildIndex() const;
    void noteIndexed(const Thread &thread);
    void recountHandoffs();
    void noteTransition(const Thread *before, const Thread &after);
    void resort();

    QList<Thread> m_rows;
    // Each listed thread by id, as its row holds it. Rows stay in lessThan
    // order, so a thread's own sort key finds its row by binary search: a live
    // event updates one entry instead of renumbering every row after a move.
    // Bulk changes (snapshots, re-sorts) mark it dirty and it is rebuilt once.
    mutable QHash<QString, Thread> m_index;
    mutable bool m_indexDirty = false;
    int m_handoffs = 0;
    bool m_loaded = false;
    std::function<qint64()> m_clock;
};
