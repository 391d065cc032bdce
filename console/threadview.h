#pragma once
#include "model/thread.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class Session;
class ThreadListModel;
class TranscriptModel;
struct Message;
namespace Api { class ApiReply; }

// One conversation: its transcript (citations, feedback marks), the
// operator's actions (Take over, Hand back, Close) enabled by the thread's
// state, and the reply box. Each thread keeps its own draft while the
// operator switches between threads (and across restarts, in the settings).
class ThreadView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadView)

public:
    ThreadView(Session *session, ThreadListModel *threads, QWidget *parent = nullptr);
    ~ThreadView() override;

    void showThread(const QString &threadId);
    QString currentThreadId() const { return m_threadId; }
    TranscriptModel *transcript() const { return m_transcript; }
    QString draft(const QString &threadId) const;
    // Writes the drafts to the settings (also done on every switch).
    void saveDrafts();

    // A message from the event stream.
    void addMessage(const Message &message);
    // Reads the current thread again.
    void reload();

signals:
    // The server's version of a thread after an action.
    void threadUpdated(const Thread &thread);
    void statusMessage(const QString &text);
    // The operator asked for the trace of a turn (Show trace).
    void traceRequested(const QString &traceId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateHeader();
    void updateActions();
    void takeOver();
    void handBack();
    void closeThread();
    void sendReply();
    void runAction(const QString &name);
    void showError(const QString &text);
    void onListChanged();
    // The selected message's turn, else the latest turn of the thread.
    QString traceToShow() const;

    Session *m_session;
    ThreadListModel *m_threads;
    TranscriptModel *m_transcript;
    QString m_threadId;
    Thread m_thread;
    bool m_haveThread = false;
    qint64 m_loadedMessageCount = -1;
    QHash<QString, QString> m_drafts;
    QPointer<Api::ApiReply> m_load;
    bool m_busy = false;

    QLabel *m_title = nullptr;
    QLabel *m_details = nullptr;
    QListView *m_transcriptView = nullptr;
    QPushButton *m_takeOver = nullptr;
    QPushButton *m_handBack = nullptr;
    QPushButton *m_close = nullptr;
    QPushButton *m_showTrace = nullptr;
    QPlainTextEdit *m_reply = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_placeholder = nullptr;
    QWidget *m_body = nullptr;
};
