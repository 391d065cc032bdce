#include "liveconnection.h"
#include "apiclient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <memory>

namespace Api {

LiveConnection::LiveConnection(ApiClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_pollTimer.setInterval(3000);
    m_reconnectTimer.setSingleShot(true);
    m_streamRetryTimer.setInterval(30000);
    m_streamRetryTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &LiveConnection::fetchSnapshot);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &LiveConnection::openSocket);
    connect(&m_streamRetryTimer, &QTimer::timeout, this, [this] {
        if (m_running && m_state == State::Polling && !m_socketAttempt)
            openSocket();
    });
    connect(&m_socket, &QWebSocket::connected, this, &LiveConnection::onSocketConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &LiveConnection::onSocketDown);
    // QWebSocket::errorOccurred arrives in 6.5; 6.4 has error().
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        ApiError error;
        error.kind = ApiError::Kind::Network;
        error.code = QStringLiteral("stream");
        error.message = m_socket.errorString();
        emit connectionError(error);
        onSocketDown();
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &LiveConnection::onTextMessage);
}

LiveConnection::~LiveConnection()
{
    m_running = false;
    m_socket.disconnect(this);
    m_socket.abort();
}

void LiveConnection::setBackoff(int initialMsecs, int maxMsecs)
{
    m_backoffInitial = m_backoff = initialMsecs;
    m_backoffMax = maxMsecs;
}

void LiveConnection::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoff = m_backoffInitial;
    m_epoch.clear();
    m_lastEventId.clear();
    setState(State::Connecting);
    openSocket();
}

void LiveConnection::stop()
{
    m_running = false;
    ++m_generation;
    m_pollTimer.stop();
    m_reconnectTimer.stop();
    m_streamRetryTimer.stop();
    m_socketAttempt = false;
    m_socketLive = false;
    m_snapshotInFlight = false;
    m_snapshotAgain = false;
    m_socket.abort();
    setState(State::Offline);
}

void LiveConnection::refresh()
{
    if (m_running)
        fetchSnapshot();
}

void LiveConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void LiveConnection::openSocket()
{
    if (!m_running || m_socketAttempt)
        return;
    QUrlQuery query;
    m_resuming = !m_lastEventId.isEmpty() && !m_epoch.isEmpty();
    if (m_resuming) {
        query.addQueryItem(QStringLiteral("since"), m_lastEventId);
        query.addQueryItem(QStringLiteral("epoch"), m_epoch);
    }
    QUrl url = m_client->urlFor(QStringLiteral("/api/live"), true);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_client->token().toUtf8());
    if (url.scheme() == QLatin1String("wss"))
        m_socket.setSslConfiguration(m_client->sslConfiguration());
    m_socketAttempt = true;
    m_socket.open(request);
}

void LiveConnection::onSocketConnected()
{
    m_socketLive = true;
    m_backoff = m_backoffInitial;
    m_pollTimer.stop();
    m_streamRetryTimer.stop();
    m_reconnectTimer.stop();
    setState(State::Live);
    // Read the lists now that every later change arrives on the stream (a
    // resumed stream replays what we missed instead; hello says which).
    if (!m_resuming)
        fetchSnapshot();
}

void LiveConnection::onSocketDown()
{
    if (!m_socketAttempt)
        return; // error() and disconnected() both report one failure
    m_socketAttempt = false;
    m_socketLive = false;
    if (!m_running)
        return;
    if (m_state == State::Live)
        setState(State::Reconnecting);
    // Is the server there at all? A snapshot tells: if it answers, the server
    // simply offers no stream (or refused it) and we poll; if not, back off.
    fetchSnapshot();
}

void LiveConnection::onTextMessage(const QString &text)
{
    const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type.isEmpty())
        return;
    if (type == QLatin1String("hello")) {
        const QString epoch = event.value(QStringLiteral("epoch")).toVariant().toString();
        const bool newServer = m_resuming && epoch != m_epoch;
        m_epoch = epoch;
        if (!m_resuming || newServer)
            m_lastEventId = event.value(QStringLiteral("last_id")).toVariant().toString();
        if (newServer)
            fetchSnapshot(); // a restarted server cannot replay: read the lists afresh
        return;
    }
    if (type == QLatin1String("reset")) {
        fetchSnapshot();
        return;
    }
    const QString id = event.value(QStringLiteral("id")).toVariant().toString();
    if (!id.isEmpty())
        m_lastEventId = id;
    const QJsonObject data = event.value(QStringLiteral("data")).toObject();
    const QString threadId = event.value(QStringLiteral("thread_id")).toString();
    if (type == QLatin1String("thread.created")) {
        if (auto thread = Thread::fromJson(data))
            emit threadChanged(*thread);
    } else if (type == QLatin1String("message.added")) {
        if (auto message = Message::fromJson(data)) {
            if (message->threadId.isEmpty())
                message->threadId = threadId;
            emit messageAdded(*message);
        }
    } else if (type == QLatin1String("thread.status")) {
        if (data.contains(QStringLiteral("id")) && data.contains(QStringLiteral("channel"))) {
            if (auto thread = Thread::fromJson(data)) // a whole thread, if the server sends one
                emit threadChanged(*thread);
        }
        if (auto status = threadStatusFromString(data.value(QStringLiteral("status")).toString()))
            emit threadStatusChanged(threadId, *status, data.value(QStringLiteral("assignee")).toString(),
                                     data.value(QStringLiteral("reason")).toString());
    }
    emit eventReceived(type, event);
}

void LiveConnection::fetchSnapshot()
{
    if (!m_running)
        return;
    if (m_snapshotInFlight) {
        m_snapshotAgain = true;
        return;
    }
    m_snapshotInFlight = true;
    // The handoff queue in full, and the most recent threads of any status.
    struct Pending
    {
        int left = 2;
        QList<Thread> threads;
        ApiError error;
    };
    auto pending = std::make_shared<Pending>();
    const quint64 generation = m_generation;
    auto collect = [this, pending, generation](const Result<ThreadPage> &page) {
        if (generation != m_generation)
            return;
        if (page.ok())
            pending->threads += page->threads;
        else if (!pending->error.isError())
            pending->error = page.error;
        if (--pending->left > 0)
            return;
        m_snapshotInFlight = false;
        if (pending->error.isError()) {
            onSnapshotFailed(pending->error);
            return;
        }
        m_backoff = m_backoffInitial;
        if (!m_socketLive) {
            setState(State::Polling);
            if (!m_pollTimer.isActive())
                m_pollTimer.start();
            if (!m_socketAttempt && !m_streamRetryTimer.isActive())
                m_streamRetryTimer.start();
        }
        emit threadsSnapshot(pending->threads);
        if (m_snapshotAgain) {
            m_snapshotAgain = false;
            fetchSnapshot();
        }
    };
    ThreadQuery handoffs;
    handoffs.status = threadStatusToString(ThreadStatus::Handoff);
    handoffs.limit = m_snapshotLimit;
    m_client->listThreads(handoffs, this, collect);
    ThreadQuery recent;
    recent.limit = m_snapshotLimit;
    m_client->listThreads(recent, this, collect);
}

void LiveConnection::onSnapshotFailed(const ApiError &error)
{
    m_snapshotAgain = false;
    emit connectionError(error);
    if (error.isUnauthorized()) {
        stop(); // the client has emitted unauthorized(): the console signs in again
        return;
    }
    if (m_socketLive)
        return; // the stream is up; the next reset or poll will try again
    m_pollTimer.stop();
    m_streamRetryTimer.stop();
    setState(m_state == State::Connecting ? State::Connecting : State::Reconnecting);
    scheduleReconnect();
}

void LiveConnection::scheduleReconnect()
{
    if (!m_running || m_reconnectTimer.isActive())
        return;
    m_reconnectTimer.start(m_backoff);
    m_backoff = qMin(m_backoff * 2, m_backoffMax);
}

} // namespace Api
