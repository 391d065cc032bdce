#pragma once
#include "model/kbdocument.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class KbDocumentListModel;
class KbPreviewModel;
class Session;
namespace Api {
class ApiReply;
struct ApiError;
}

// The "Knowledge base" tab, for editors: the documents (title filter sent to
// the server, kept current by live kb.changed events), the selected one's
// title, URL, allowed channels, format and text, and a retrieval preview
// (question + channel -> the ranked chunks with their scores, refreshed as
// one types and after each save).
//
// Nothing typed is ever lost silently: switching document, New, or closing
// the window with unsaved changes asks Save / Discard / Cancel, the form is
// read-only while a document loads, and a document changed or deleted on the
// server meanwhile is announced instead of overwriting the form.
class KbEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KbEditor)

public:
    explicit KbEditor(Session *session, QWidget *parent = nullptr);
    ~KbEditor() override;

    KbDocumentListModel *documents() const { return m_documents; }
    KbPreviewModel *preview() const { return m_preview; }
    // The document in the form: its id (empty for a new one not saved yet).
    QString currentDocId() const { return m_isNew ? QString() : m_doc.id; }
    bool hasDocument() const { return m_haveDoc; }
    bool isNew() const { return m_isNew; }
    bool isModified() const;
    QString errorText() const;

    // Reads the list again (the search box's filter).
    void reloadList();
    // Opens a document, asking first when the form has unsaved changes.
    void openDocument(const QString &docId);
    void newDocument();
    // Saves the form; `then` runs once the server has stored it.
    void save(const std::function<void()> &then = {});
    void revert();
    void deleteDocument();
    // Before the window closes: true when nothing would be lost. With unsaved
    // changes it asks; on Save it saves and calls afterSave once stored.
    bool confirmClose(const std::function<void()> &afterSave);

signals:
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Answer { Save, Discard, Cancel };
    Answer askAboutChanges();
    // Runs `then` when nothing would be lost (asking first), else `cancelled`.
    void proceedAfterChanges(const std::function<void()> &then, const std::function<void()> &cancelled);

    void retranslateUi();
    void onSignedIn();
    void onCurrentRowChanged();
    void onKbChanged(const QString &docId, bool deleted);
    void load(const QString &docId);
    void showDocument(const KbDocument &doc, bool isNew);
    void clearDocument();
    KbDocument formDocument() const;
    QStringList checkedChannels() const;
    bool validate(const KbDocument &doc);
    void onSaved(const KbDocument &sent, const KbDocument &stored, bool created, int chunkCount);
    void saveFailed(const Api::ApiError &error);
    void showError(const QString &text, QWidget *field = nullptr);
    void showServerError(const Api::ApiError &error);
    void selectInList(const QString &docId);
    void changeList(const std::function<void()> &change);
    void updateState();
    void runPreview();

    Session *m_session;
    KbDocumentListModel *m_documents;
    KbPreviewModel *m_preview;

    KbDocument m_doc; // as stored on the server (with its text), or the empty new one
    bool m_haveDoc = false;
    bool m_isNew = false;
    bool m_restoringSelection = false;
    QString m_savingId; // the document being saved, while a save is under way
    // Per document, bumped by each change seen (event, save, delete): the
    // answer of a read started before a later change is stale and dropped.
    QHash<QString, quint64> m_changes;
    QPointer<Api::ApiReply> m_load;
    QPointer<Api::ApiReply> m_save;
    QPointer<Api::ApiReply> m_list;
    QPointer<Api::ApiReply> m_previewReply;
    QTimer m_searchTimer;
    QTimer m_previewTimer;

    QLabel *m_searchLabel = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_new = nullptr;
    QLabel *m_notice = nullptr; // no editor role

    QWidget *m_form = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_docIdLabel = nullptr;
    QLineEdit *m_docId = nullptr;
    QLabel *m_titleLabel = nullptr;
    QLineEdit *m_title = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_channelsLabel = nullptr;
    QList<QCheckBox *> m_channels;
    QLabel *m_channelsHint = nullptr;
    QLabel *m_formatLabel = nullptr;
    QComboBox *m_format = nullptr;
    QLabel *m_textLabel = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_revertButton = nullptr;
    QPushButton *m_deleteButton = nullptr;

    QLabel *m_previewTitle = nullptr;
    QLabel *m_queryLabel = nullptr;
    QLineEdit *m_query = nullptr;
    QLabel *m_previewChannelLabel = nullptr;
    QComboBox *m_previewChannel = nullptr;
    QTableView *m_previewTable = nullptr;
    QLabel *m_previewStatus = nullptr;
};
