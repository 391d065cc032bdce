#pragma once
#include "apierror.h"
#include "model/message.h"
#include "model/thread.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

namespace Api {

class ApiClient;

// Keeps a console up to date with the server: the live event stream
// (WebSocket /api/live) when the server offers it, otherwise polling the
// thread list. After a server restart or a lost network it reconnects by
// itself with exponential backoff, and says so through stateChanged().
//
// Whenever the lists must be read again (first connection, a "reset" frame,
// a new server epoch, every poll) it fetches them and emits threadsSnapshot();
// between snapshots the stream's events arrive as threadChanged(),
// threadStatusChanged() and messageAdded().
class LiveConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveConnection)

public:
    enum class State {
        Offline,      // not started, stopped, or signed out
        Connecting,   // first attempt
        Live,         // WebSocket open: events arrive as they happen
        Polling,      // the server offers no stream: the lists are read every few seconds
        Reconnecting, // the server went away; trying again with backoff
    };
    Q_ENUM(State)

    explicit LiveConnection(ApiClient *client, QObject *parent = nullptr);
    ~LiveConnection() override;

    void start();
    void stop();
    State state() const { return m_state; }

    void setPollInterval(int msecs) { m_pollTimer.setInterval(msecs); }
    void setBackoff(int initialMsecs, int maxMsecs);
    // In polling mode, how often to try the WebSocket again.
    void setStreamRetryInterval(int msecs) { m_streamRetryTimer.setInterval(msecs); }
    // How many threads a snapshot reads (the handoff queue is read in full up to this too).
    void setSnapshotLimit(int limit) { m_snapshotLimit = limit; }

    // Reads the lists now (e.g. after the user asked to refresh).
    void refresh();

signals:
    void stateChanged(Api::LiveConnection::State state);
    void threadsSnapshot(const QList<Thread> &threads);
    void threadChanged(const Thread &thread);
    void threadStatusChanged(const QString &threadId, ThreadStatus status, const QString &assignee,
                             const QString &reason);
    void messageAdded(const Message &message);
    // Every stream event, raw (ticket.created, kb.changed and the rest).
    void eventReceived(const QString &type, const QJsonObject &event);
    // The last attempt's error, for a tooltip.
    void connectionError(const Api::ApiError &error);

private:
    void setState(State state);
    void openSocket();
    void onSocketConnected();
    void onSocketDown();
    void onTextMessage(const QString &text);
    void fetchSnapshot();
    void onSnapshotFailed(const ApiError &error);
    void scheduleReconnect();

    ApiClient *m_client;
    QWebSocket m_socket;
    QTimer m_pollTimer;
    QTimer m_reconnectTimer;
    QTimer m_streamRetryTimer;
    State m_state = State::Offline;
    bool m_running = false;
    bool m_socketAttempt = false; // an open() is under way or the socket is open
    bool m_socketLive = false;
    bool m_resuming = false;     // the open stream was asked to replay since m_lastEventId
    bool m_snapshotInFlight = false;
    bool m_snapshotAgain = false;
    int m_backoffInitial = 1000;
    int m_backoffMax = 15000;
    int m_backoff = 1000;
    int m_snapshotLimit = 500;
    quint64 m_generation = 0; // bumped by stop(): late answers of an old session are dropped
    QString m_epoch;
    QString m_lastEventId;
};

} // namespace Api
