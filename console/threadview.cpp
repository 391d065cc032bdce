#include "threadview.h"
#include "session.h"

#include "models/threadlistmodel.h"
#include "models/transcriptmodel.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QVBoxLayout>

ThreadView::ThreadView(Session *session, ThreadListModel *threads, QWidget *parent)
    : QWidget(parent), m_session(session), m_threads(threads), m_transcript(new TranscriptModel(this))
{
    setObjectName(QStringLiteral("threadView"));
    m_placeholder = new QLabel(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setObjectName(QStringLiteral("threadPlaceholder"));

    m_body = new QWidget(this);
    m_title = new QLabel(m_body);
    m_title->setObjectName(QStringLiteral("threadTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QLabel(m_body);
    m_details->setObjectName(QStringLiteral("threadDetails"));
    m_details->setWordWrap(true);

    m_takeOver = new QPushButton(m_body);
    m_takeOver->setObjectName(QStringLiteral("takeOverButton"));
    m_handBack = new QPushButton(m_body);
    m_handBack->setObjectName(QStringLiteral("handBackButton"));
    m_close = new QPushButton(m_body);
    m_close->setObjectName(QStringLiteral("closeThreadButton"));
    m_showTrace = new QPushButton(m_body);
    m_showTrace->setObjectName(QStringLiteral("showTraceButton"));

    m_transcriptView = new QListView(m_body);
    m_transcriptView->setObjectName(QStringLiteral("transcriptView"));
    m_transcriptView->setModel(m_transcript);
    m_transcriptView->setWordWrap(true);
    m_transcriptView->setUniformItemSizes(false);
    m_transcriptView->setResizeMode(QListView::Adjust);
    m_transcriptView->setAlternatingRowColors(true);
    m_transcriptView->setSpacing(2);
    m_transcriptView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // A scroll bar that appears narrows the viewport, and Adjust then lays out
    // every wrapped message a second time: 40 ms more for 1,000 (support-consolebench).
    m_transcriptView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_transcriptView->setSelectionMode(QAbstractItemView::SingleSelection);

    m_reply = new QPlainTextEdit(m_body);
    m_reply->setObjectName(QStringLiteral("replyEdit"));
    m_reply->setMaximumHeight(110);
    m_reply->setTabChangesFocus(true);
    m_send = new QPushButton(m_body);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_error = new QLabel(m_body);
    m_error->setObjectName(QStringLiteral("threadError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_takeOver);
    actions->addWidget(m_handBack);
    actions->addWidget(m_close);
    actions->addStretch();
    actions->addWidget(m_showTrace);
    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_reply, 1);
    replyRow->addWidget(m_send, 0, Qt::AlignBottom);

    auto *bodyLayout = new QVBoxLayout(m_body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_title);
    bodyLayout->addWidget(m_details);
    bodyLayout->addLayout(actions);
    bodyLayout->addWidget(m_transcriptView, 1);
    bodyLayout->addWidget(m_error);
    bodyLayout->addLayout(replyRow);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_body, 1);
    m_body->hide();

    connect(m_takeOver, &QPushButton::clicked, this, &ThreadView::takeOver);
    connect(m_handBack, &QPushButton::clicked, this, &ThreadView::handBack);
    connect(m_close, &QPushButton::clicked, this, &ThreadView::closeThread);
    connect(m_send, &QPushButton::clicked, this, &ThreadView::sendReply);
    connect(m_showTrace, &QPushButton::clicked, this, [this] {
        if (const QString traceId = traceToShow(); !traceId.isEmpty())
            emit traceRequested(traceId);
    });
    connect(m_transcriptView->selectionModel(), &QItemSelectionModel::currentChanged, this, &ThreadView::updateActions);
    connect(m_transcript, &QAbstractItemModel::rowsInserted, this, &ThreadView::updateActions);
    connect(m_transcript, &QAbstractItemModel::modelReset, this, &ThreadView::updateActions);
    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_reply);
    sendShortcut->setContext(Qt::WidgetShortcut);
    connect(sendShortcut, &QShortcut::activated, this, &ThreadView::sendReply);
    connect(m_reply, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_threadId.isEmpty())
            m_drafts.insert(m_threadId, m_reply->toPlainText());
        updateActions();
    });
    connect(m_transcript, &QAbstractItemModel::rowsInserted, m_transcriptView, &QAbstractItemView::scrollToBottom);
    connect(m_transcript, &QAbstractItemModel::modelReset, m_transcriptView, &QAbstractItemView::scrollToBottom);
    connect(m_threads, &QAbstractItemModel::dataChanged, this, &ThreadView::onListChanged);
    connect(m_threads, &QAbstractItemModel::rowsMoved, this, &ThreadView::onListChanged);
    connect(m_threads, &QAbstractItemModel::modelReset, this, &ThreadView::onListChanged);
    connect(m_threads, &QAbstractItemModel::layoutChanged, this, &ThreadView::onListChanged);

    // Drafts from the last run.
    QSettings settings;
    settings.beginGroup(QStringLiteral("drafts"));
    for (const QString &key : settings.childKeys())
        m_drafts.insert(key, settings.value(key).toString());
    settings.endGroup();

    retranslateUi();
    updateActions();
}

ThreadView::~ThreadView()
{
    saveDrafts();
}

QString ThreadView::draft(const QString &threadId) const
{
    return m_drafts.value(threadId);
}

void ThreadView::saveDrafts()
{
    QSettings settings;
    settings.remove(QStringLiteral("drafts"));
    settings.beginGroup(QStringLiteral("drafts"));
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        if (!it.value().trimmed().isEmpty())
            settings.setValue(it.key(), it.value());
    }
    settings.endGroup();
}

void ThreadView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        m_transcript->retranslate();
    }
    QWidget::changeEvent(event);
}

void ThreadView::retranslateUi()
{
    m_placeholder->setText(tr("Select a conversation on the left."));
    m_takeOver->setText(tr("&Take over"));
    m_takeOver->setToolTip(tr("Take the conversation from the agent; it stays silent until you hand it back."));
    m_handBack->setText(tr("&Hand back"));
    m_handBack->setToolTip(tr("Let the agent answer again."));
    m_close->setText(tr("&Close"));
    m_close->setToolTip(tr("Mark the conversation as finished."));
    m_showTrace->setText(tr("Show t&race"));
    m_showTrace->setToolTip(tr("Open the trace of the selected agent message (or of the latest turn) in the Traces tab."));
    m_send->setText(tr("&Send"));
    m_send->setToolTip(tr("Send the reply to the customer (Ctrl+Enter)."));
    m_reply->setPlaceholderText(tr("Your reply to the customer\u2026"));
    updateHeader();
}

void ThreadView::showThread(const QString &threadId)
{
    if (threadId == m_threadId)
        return;
    saveDrafts();
    m_threadId = threadId;
    m_error->hide();
    // An aborted reply deletes itself later: forget it now, or reload() below
    // would take it for a load in flight and never read the new thread.
    if (m_load)
        m_load->abort();
    m_load.clear();
    m_transcript->clear();
    m_loadedMessageCount = -1;
    const auto listed = m_threads->thread(threadId);
    m_haveThread = listed.has_value();
    if (listed)
        m_thread = *listed;
    {
        const QSignalBlocker blocker(m_reply);
        m_reply->setPlainText(m_drafts.value(threadId));
        m_reply->moveCursor(QTextCursor::End);
    }
    m_placeholder->setVisible(threadId.isEmpty());
    m_body->setVisible(!threadId.isEmpty());
    updateHeader();
    updateActions();
    if (!threadId.isEmpty())
        reload();
}

void ThreadView::reload()
{
    if (m_threadId.isEmpty() || m_load)
        return;
    const QString threadId = m_threadId;
    m_load = m_session->client()->getThread(threadId, this, [this, threadId](const Api::Result<Api::ThreadDetail> &result) {
        if (threadId != m_threadId)
            return;
        if (!result.ok()) {
            if (result.error.kind != Api::ApiError::Kind::Aborted)
                showError(result.error.toString());
            return;
        }
        m_thread = result->thread;
        m_haveThread = true;
        m_loadedMessageCount = result->thread.messageCount;
        m_transcript->setTranscript(threadId, result->messages, result->feedback);
        updateHeader();
        updateActions();
        emit threadUpdated(result->thread);
    });
}

void ThreadView::onListChanged()
{
    if (m_threadId.isEmpty())
        return;
    const auto listed = m_threads->thread(m_threadId);
    if (!listed)
        return;
    const bool statusChanged = !m_haveThread || listed->status != m_thread.status || listed->assignee != m_thread.assignee;
    if (statusChanged) {
        m_thread.status = listed->status;
        m_thread.assignee = listed->assignee;
        m_thread.handoffReason = listed->handoffReason;
        m_haveThread = true;
        updateHeader();
        updateActions();
    }
    // The list knows of messages we have not read (polling mode): read them.
    if (m_loadedMessageCount >= 0 && listed->messageCount > m_loadedMessageCount)
        reload();
}

void ThreadView::addMessage(const Message &message)
{
    if (message.threadId != m_threadId)
        return;
    if (m_transcript->appendMessage(message) && m_loadedMessageCount >= 0)
        ++m_loadedMessageCount; // as the server counts it
}

void ThreadView::updateHeader()
{
    if (m_threadId.isEmpty())
        return;
    m_title->setText(tr("Conversation %1").arg(m_threadId.left(8)));
    m_title->setToolTip(m_threadId);
    if (!m_haveThread) {
        m_details->setText(tr("Loading\u2026"));
        return;
    }
    QStringList parts;
    parts << tr("Status: %1").arg(ThreadListModel::statusText(m_thread.status));
    parts << tr("Channel: %1").arg(m_thread.channel);
    if (!m_thread.assignee.isEmpty())
        parts << tr("Held by: %1").arg(m_thread.assignee);
    if (m_thread.status == ThreadStatus::Handoff && !m_thread.handoffReason.isEmpty())
        parts << tr("Reason: %1").arg(m_thread.handoffReason);
    if (m_thread.createdAt > 0)
        parts << tr("Started: %1").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_thread.createdAt),
                                                            QLocale::ShortFormat));
    m_details->setText(parts.join(QStringLiteral(" \u00b7 ")));
}

void ThreadView::updateActions()
{
    const bool known = !m_threadId.isEmpty() && m_haveThread && !m_busy;
    const bool mine = m_thread.status == ThreadStatus::Human && m_thread.assignee == m_session->username();
    m_takeOver->setEnabled(known && (m_thread.status == ThreadStatus::Bot || m_thread.status == ThreadStatus::Handoff));
    m_handBack->setEnabled(known && mine);
    m_close->setEnabled(known && m_thread.status != ThreadStatus::Closed);
    m_send->setEnabled(known && mine && !m_reply->toPlainText().trimmed().isEmpty());
    m_reply->setReadOnly(m_thread.status == ThreadStatus::Closed && m_haveThread);
    m_showTrace->setEnabled(!traceToShow().isEmpty());
}

QString ThreadView::traceToShow() const
{
    const QModelIndex selected = m_transcriptView->currentIndex();
    if (selected.isValid() && !selected.data(TranscriptModel::TraceIdRole).toString().isEmpty())
        return selected.data(TranscriptModel::TraceIdRole).toString();
    for (int row = m_transcript->rowCount() - 1; row >= 0; --row) {
        if (!m_transcript->messageAt(row).traceId.isEmpty())
            return m_transcript->messageAt(row).traceId;
    }
    return {};
}

void ThreadView::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        emit statusMessage(text);
}

void ThreadView::runAction(const QString &name)
{
    if (m_threadId.isEmpty() || m_busy)
        return;
    m_busy = true;
    m_error->hide();
    updateActions();
    const QString threadId = m_threadId;
    auto done = [this, threadId, name](const Api::Result<Thread> &result) {
        m_busy = false;
        if (!result.ok()) {
            if (threadId == m_threadId)
                showError(result.error.toString());
            updateActions();
            // The thread may have changed under us (someone else took it): read it again.
            if (result.error.kind == Api::ApiError::Kind::Http && result.error.httpStatus == 409)
                reload();
            return;
        }
        emit threadUpdated(*result);
        if (threadId == m_threadId) {
            m_thread = *result;
            m_haveThread = true;
            updateHeader();
        }
        updateActions();
        if (name == QLatin1String("takeover"))
            emit statusMessage(tr("You hold this conversation now; the agent stays silent."));
        else if (name == QLatin1String("handback"))
            emit statusMessage(tr("Handed back to the agent."));
        else
            emit statusMessage(tr("Conversation closed."));
        if (threadId == m_threadId && name == QLatin1String("takeover"))
            m_reply->setFocus();
    };
    Api::ApiClient *client = m_session->client();
    if (name == QLatin1String("takeover"))
        client->takeOver(threadId, this, done);
    else if (name == QLatin1String("handback"))
        client->handBack(threadId, this, done);
    else
        client->closeThread(threadId, this, done);
}

void ThreadView::takeOver()
{
    runAction(QStringLiteral("takeover"));
}

void ThreadView::handBack()
{
    runAction(QStringLiteral("handback"));
}

void ThreadView::closeThread()
{
    runAction(QStringLiteral("close"));
}

void ThreadView::sendReply()
{
    const QString text = m_reply->toPlainText().trimmed();
    if (!m_send->isEnabled() || text.isEmpty())
        return;
    m_busy = true;
    m_error->hide();
    updateActions();
    const QString threadId = m_threadId;
    m_session->client()->reply(threadId, text, this, [this, threadId, text](const Api::Result<Message> &result) {
        m_busy = false;
        if (!result.ok()) {
            // The draft stays as typed.
            if (threadId == m_threadId)
                showError(result.error.toString());
            updateActions();
            return;
        }
        // Sent: that draft is done (unless the operator typed on meanwhile).
        if (m_drafts.value(threadId).trimmed() == text)
            m_drafts.remove(threadId);
        if (threadId == m_threadId) {
            if (m_reply->toPlainText().trimmed() == text)
                m_reply->clear();
            Message message = *result;
            if (message.threadId.isEmpty())
                message.threadId = threadId;
            addMessage(message);
        }
        saveDrafts();
        updateActions();
        emit statusMessage(tr("Reply sent."));
    });
}
