#include "kbeditor.h"
#include "rowtable.h"
#include "session.h"

#include "models/kbdocumentlistmodel.h"
#include "models/kbpreviewmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace {

// The channels a document may be limited to: the server's kb::knownChannels().
const QStringList kChannels{QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")};
const QStringList kFormats{QStringLiteral("markdown"), QStringLiteral("html"), QStringLiteral("text")};
constexpr int kListLimit = 200; // the server's maximum page
constexpr int kPreviewTopK = 10;

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        && !url.host().isEmpty() && !text.contains(QLatin1Char(' '));
}

bool isValidDocId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,127}$"));
    return pattern.match(id).hasMatch();
}

} // namespace

KbEditor::KbEditor(Session *session, QWidget *parent)
    : QWidget(parent),
      m_session(session),
      m_documents(new KbDocumentListModel(this)),
      m_preview(new KbPreviewModel(this))
{
    setObjectName(QStringLiteral("kbEditor"));

    // The list: search, documents, New.
    auto *left = new QWidget(this);
    m_searchLabel = new QLabel(left);
    m_search = new QLineEdit(left);
    m_search->setObjectName(QStringLiteral("kbSearch"));
    m_search->setClearButtonEnabled(true);
    m_searchLabel->setBuddy(m_search);
    m_new = new QPushButton(left);
    m_new->setObjectName(QStringLiteral("kbNewButton"));
    m_table = rowTable(m_documents, KbDocumentListModel::TitleColumn, QStringLiteral("kbDocumentTable"), left);
    m_table->setAlternatingRowColors(true);
    m_count = new QLabel(left);
    m_count->setObjectName(QStringLiteral("kbCount"));
    m_notice = new QLabel(left);
    m_notice->setObjectName(QStringLiteral("kbNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_new);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(m_notice);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(m_count);

    // The editor.
    m_form = new QWidget(this);
    m_heading = new QLabel(m_form);
    m_heading->setObjectName(QStringLiteral("kbHeading"));
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_docIdLabel = new QLabel(m_form);
    m_docId = new QLineEdit(m_form);
    m_docId->setObjectName(QStringLiteral("kbDocId"));
    m_docIdLabel->setBuddy(m_docId);
    m_titleLabel = new QLabel(m_form);
    m_title = new QLineEdit(m_form);
    m_title->setObjectName(QStringLiteral("kbTitle"));
    m_title->setMaxLength(300);
    m_titleLabel->setBuddy(m_title);
    m_urlLabel = new QLabel(m_form);
    m_url = new QLineEdit(m_form);
    m_url->setObjectName(QStringLiteral("kbUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://"));
    m_urlLabel->setBuddy(m_url);
    m_channelsLabel = new QLabel(m_form);
    auto *channelRow = new QHBoxLayout;
    for (const QString &channel : kChannels) {
        auto *box = new QCheckBox(channel, m_form);
        box->setObjectName(QStringLiteral("kbChannel_") + channel);
        box->setProperty("channel", channel);
        channelRow->addWidget(box);
        m_channels.append(box);
        connect(box, &QCheckBox::toggled, this, &KbEditor::updateState);
    }
    m_channelsLabel->setBuddy(m_channels.first());
    m_channelsHint = new QLabel(m_form);
    m_channelsHint->setEnabled(false); // greyed: a hint
    channelRow->addWidget(m_channelsHint);
    channelRow->addStretch();
    m_formatLabel = new QLabel(m_form);
    m_format = new QComboBox(m_form);
    m_format->setObjectName(QStringLiteral("kbFormat"));
    for (const QString &format : kFormats)
        m_format->addItem(QString(), format);
    m_formatLabel->setBuddy(m_format);
    m_textLabel = new QLabel(m_form);
    m_text = new QPlainTextEdit(m_form);
    m_text->setObjectName(QStringLiteral("kbText"));
    m_text->setTabChangesFocus(true);
    m_textLabel->setBuddy(m_text);
    m_error = new QLabel(m_form);
    m_error->setObjectName(QStringLiteral("kbError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    m_saveButton = new QPushButton(m_form);
    m_saveButton->setObjectName(QStringLiteral("kbSaveButton"));
    m_revertButton = new QPushButton(m_form);
    m_revertButton->setObjectName(QStringLiteral("kbRevertButton"));
    m_deleteButton = new QPushButton(m_form);
    m_deleteButton->setObjectName(QStringLiteral("kbDeleteButton"));

    auto *fields = new QFormLayout;
    fields->addRow(m_docIdLabel, m_docId);
    fields->addRow(m_titleLabel, m_title);
    fields->addRow(m_urlLabel, m_url);
    fields->addRow(m_channelsLabel, channelRow);
    fields->addRow(m_formatLabel, m_format);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_revertButton);
    buttons->addStretch();
    buttons->addWidget(m_deleteButton);
    auto *formLayout = new QVBoxLayout(m_form);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(m_heading);
    formLayout->addLayout(fields);
    formLayout->addWidget(m_textLabel);
    formLayout->addWidget(m_text, 1);
    formLayout->addWidget(m_error);
    formLayout->addLayout(buttons);

    // The retrieval preview.
    auto *previewPane = new QWidget(this);
    m_previewTitle = new QLabel(previewPane);
    m_previewTitle->setFont(bold);
    m_queryLabel = new QLabel(previewPane);
    m_query = new QLineEdit(previewPane);
    m_query->setObjectName(QStringLiteral("kbPreviewQuery"));
    m_query->setClearButtonEnabled(true);
    m_queryLabel->setBuddy(m_query);
    m_previewChannelLabel = new QLabel(previewPane);
    m_previewChannel = new QComboBox(previewPane);
    m_previewChannel->setObjectName(QStringLiteral("kbPreviewChannel"));
    for (const QString &channel : kChannels)
        m_previewChannel->addItem(channel, channel);
    m_previewChannelLabel->setBuddy(m_previewChannel);
    m_previewTable = rowTable(m_preview, KbPreviewModel::SnippetColumn, QStringLiteral("kbPreviewTable"), previewPane);
    m_previewStatus = new QLabel(previewPane);
    m_previewStatus->setObjectName(QStringLiteral("kbPreviewStatus"));
    auto *queryRow = new QHBoxLayout;
    queryRow->addWidget(m_queryLabel);
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(m_previewChannelLabel);
    queryRow->addWidget(m_previewChannel);
    auto *previewLayout = new QVBoxLayout(previewPane);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(m_previewTitle);
    previewLayout->addLayout(queryRow);
    previewLayout->addWidget(m_previewTable, 1);
    previewLayout->addWidget(m_previewStatus);

    auto *rightSplitter = new QSplitter(Qt::Vertical, this);
    rightSplitter->addWidget(m_form);
    rightSplitter->addWidget(previewPane);
    rightSplitter->setStretchFactor(0, 3);
    rightSplitter->setStretchFactor(1, 2);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(rightSplitter);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Keyboard: Ctrl+S, Ctrl+N anywhere in the tab; Delete on the list only
    // (in a text field it deletes characters); Ctrl+F to the search box.
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this, [this] { save(); });
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *newShortcut = new QShortcut(QKeySequence::New, this, [this] { newDocument(); });
    newShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *findShortcut = new QShortcut(QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, m_table, [this] { deleteDocument(); });
    deleteShortcut->setContext(Qt::WidgetShortcut);

    connect(m_new, &QPushButton::clicked, this, &KbEditor::newDocument);
    connect(m_saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(m_revertButton, &QPushButton::clicked, this, &KbEditor::revert);
    connect(m_deleteButton, &QPushButton::clicked, this, &KbEditor::deleteDocument);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &KbEditor::onCurrentRowChanged);
    for (QLineEdit *edit : {m_docId, m_title, m_url})
        connect(edit, &QLineEdit::textChanged, this, &KbEditor::updateState);
    connect(m_format, &QComboBox::currentIndexChanged, this, &KbEditor::updateState);
    connect(m_text, &QPlainTextEdit::textChanged, this, &KbEditor::updateState);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(250);
    connect(&m_searchTimer, &QTimer::timeout, this, &KbEditor::reloadList);
    connect(m_search, &QLineEdit::textChanged, &m_searchTimer, qOverload<>(&QTimer::start));
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(300);
    connect(&m_previewTimer, &QTimer::timeout, this, &KbEditor::runPreview);
    connect(m_query, &QLineEdit::textChanged, &m_previewTimer, qOverload<>(&QTimer::start));
    connect(m_previewChannel, &QComboBox::currentIndexChanged, this, &KbEditor::runPreview);
    connect(m_previewTable, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        openDocument(index.data(KbPreviewModel::DocIdRole).toString());
    });

    connect(m_session, &Session::signedIn, this, &KbEditor::onSignedIn);
    connect(m_session->live(), &Api::LiveConnection::eventReceived, this,
            [this](const QString &type, const QJsonObject &event) {
                if (type != QLatin1String("kb.changed"))
                    return;
                const QJsonObject data = event.value(QStringLiteral("data")).toObject();
                onKbChanged(data.value(QStringLiteral("doc_id")).toString(),
                            data.value(QStringLiteral("change")).toString() == QLatin1String("deleted"));
            });
    // A new snapshot follows a reconnection or a reset: kb.changed events may
    // have been missed meanwhile.
    connect(m_session->live(), &Api::LiveConnection::threadsSnapshot, this, [this] {
        if (m_session->isSignedIn() && roleAtLeast(m_session->role(), OperatorRole::Editor))
            reloadList();
    });

    retranslateUi();
    clearDocument();
}

KbEditor::~KbEditor() = default;

void KbEditor::retranslateUi()
{
    m_searchLabel->setText(tr("&Search:"));
    m_search->setPlaceholderText(tr("Part of a title"));
    m_new->setText(tr("&New"));
    m_new->setToolTip(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
    m_notice->setText(tr("Editing the knowledge base needs the editor role."));
    m_docIdLabel->setText(tr("Document &id:"));
    m_docId->setPlaceholderText(tr("Made from the title when left empty"));
    m_titleLabel->setText(tr("&Title:"));
    m_urlLabel->setText(tr("&URL:"));
    m_channelsLabel->setText(tr("C&hannels:"));
    m_channelsHint->setText(tr("(none ticked: every channel)"));
    m_formatLabel->setText(tr("&Format:"));
    m_format->setItemText(0, tr("Markdown"));
    m_format->setItemText(1, tr("HTML"));
    m_format->setItemText(2, tr("Plain text"));
    m_textLabel->setText(tr("Te&xt:"));
    m_saveButton->setText(tr("&Save"));
    m_saveButton->setToolTip(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText));
    m_revertButton->setText(tr("&Revert"));
    m_deleteButton->setText(tr("&Delete\u2026"));
    m_previewTitle->setText(tr("Retrieval preview"));
    m_queryLabel->setText(tr("&Question:"));
    m_query->setPlaceholderText(tr("What a customer might ask"));
    m_previewChannelLabel->setText(tr("Cha&nnel:"));
    m_documents->retranslate();
    m_preview->retranslate();
    m_count->setText(tr("%n document(s)", nullptr, m_documents->rowCount()));
    updateState();
}

void KbEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void KbEditor::onSignedIn()
{
    const bool editor = roleAtLeast(m_session->role(), OperatorRole::Editor);
    m_notice->setVisible(!editor);
    m_table->setEnabled(editor);
    m_search->setEnabled(editor);
    m_new->setEnabled(editor);
    m_query->setEnabled(editor);
    if (!editor) {
        m_documents->clear();
        return;
    }
    reloadList();
    runPreview();
}

// --- the list ---------------------------------------------------------------

void KbEditor::reloadList()
{
    if (m_list)
        m_list->abort();
    const QString filter = m_search->text().trimmed();
    m_list = m_session->client()->listKbDocuments(
        filter, kListLimit, 0, this, [this, filter](const Api::Result<Api::KbDocumentPage> &result) {
            if (result.error.kind == Api::ApiError::Kind::Aborted)
                return;
            if (!result.ok()) {
                emit statusMessage(tr("Could not read the documents: %1").arg(result.error.toString()));
                return;
            }
            changeList([&] { m_documents->setDocuments(result->documents, result->chunkCounts, filter); });
            m_count->setText(result->total > result->documents.size()
                                 ? tr("%1 of %2 documents").arg(result->documents.size()).arg(result->total)
                                 : tr("%n document(s)", nullptr, int(result->documents.size())));
        });
}

void KbEditor::selectInList(const QString &docId)
{
    m_restoringSelection = true;
    const int row = docId.isEmpty() ? -1 : m_documents->rowOf(docId);
    if (row < 0) {
        m_table->selectionModel()->clear();
    } else {
        const QModelIndex index = m_documents->index(row, 0);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    m_restoringSelection = false;
}

void KbEditor::changeList(const std::function<void()> &change)
{
    // Removing the current row moves the view's current index to a neighbour:
    // that must not open it (nor ask about unsaved changes). The list follows
    // the form, never the other way round.
    m_restoringSelection = true;
    change();
    m_restoringSelection = false;
    selectInList(currentDocId());
}

void KbEditor::onCurrentRowChanged()
{
    if (m_restoringSelection)
        return;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    openDocument(current.data(KbDocumentListModel::DocIdRole).toString());
}

// --- unsaved changes --------------------------------------------------------

KbEditor::Answer KbEditor::askAboutChanges()
{
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    m_isNew ? tr("The new document has not been saved.")
                            : tr("\u201c%1\u201d has unsaved changes.").arg(m_doc.title),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("kbUnsavedChanges"));
    box.setInformativeText(tr("Save them before going on?"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save: return Answer::Save;
    case QMessageBox::Discard: return Answer::Discard;
    default: return Answer::Cancel;
    }
}

void KbEditor::proceedAfterChanges(const std::function<void()> &then, const std::function<void()> &cancelled)
{
    if (!isModified()) {
        then();
        return;
    }
    switch (askAboutChanges()) {
    case Answer::Save:
        save(then); // a failed save keeps the form, says why and goes nowhere
        if (!m_save)
            cancelled();
        break;
    case Answer::Discard: then(); break;
    case Answer::Cancel: cancelled(); break;
    }
}

bool KbEditor::confirmClose(const std::function<void()> &afterSave)
{
    if (!isModified())
        return true;
    switch (askAboutChanges()) {
    case Answer::Discard: return true;
    case Answer::Save: save(afterSave); return false;
    case Answer::Cancel: return false;
    }
    return false;
}

// --- one document -----------------------------------------------------------

void KbEditor::openDocument(const QString &docId)
{
    if (docId.isEmpty() || (m_haveDoc && !m_isNew && docId == m_doc.id && !m_load)) {
        selectInList(currentDocId());
        return;
    }
    const QString previous = currentDocId();
    proceedAfterChanges([this, docId] { load(docId); }, [this, previous] { selectInList(previous); });
}

void KbEditor::load(const QString &docId)
{
    if (m_load)
        m_load->abort();
    m_error->hide();
    m_form->setEnabled(false); // nothing typed while it loads, so nothing is overwritten
    m_heading->setText(tr("Loading \u201c%1\u201d\u2026").arg(docId));
    selectInList(docId);
    m_load = m_session->client()->getKbDocument(docId, this, [this, docId](const Api::Result<KbDocument> &result) {
        if (result.error.kind == Api::ApiError::Kind::Aborted)
            return;
        m_load = nullptr;
        if (!result.ok()) {
            // What was shown before stays (it had no unsaved changes, or they were discarded).
            if (m_haveDoc)
                showDocument(m_doc, m_isNew);
            else
                clearDocument();
            selectInList(currentDocId());
            showError(tr("Could not open \u201c%1\u201d: %2").arg(docId, result.error.toString()));
            return;
        }
        showDocument(*result, false);
    });
}

void KbEditor::showDocument(const KbDocument &doc, bool isNew)
{
    m_doc = doc;
    m_haveDoc = true;
    m_isNew = isNew;
    {
        const QSignalBlocker blockers[] = {QSignalBlocker(m_docId), QSignalBlocker(m_title), QSignalBlocker(m_url),
                                           QSignalBlocker(m_format), QSignalBlocker(m_text)};
        m_docId->setText(doc.id);
        m_docId->setReadOnly(!isNew);
        m_title->setText(doc.title);
        m_url->setText(doc.url);
        m_format->setCurrentIndex(qMax(0, m_format->findData(doc.format)));
        m_text->setPlainText(doc.text);
        for (QCheckBox *box : std::as_const(m_channels)) {
            const QSignalBlocker blocker(box);
            box->setChecked(doc.allowedChannels.contains(box->property("channel").toString()));
        }
    }
    m_form->setEnabled(true);
    m_error->hide();
    selectInList(currentDocId());
    updateState();
}

void KbEditor::clearDocument()
{
    showDocument(KbDocument{}, false);
    m_haveDoc = false;
    m_form->setEnabled(false);
    updateState();
}

void KbEditor::newDocument()
{
    if (!roleAtLeast(m_session->role(), OperatorRole::Editor) || !m_session->isSignedIn())
        return;
    const QString previous = currentDocId();
    proceedAfterChanges(
        [this] {
            showDocument(KbDocument{}, true);
            m_title->setFocus();
        },
        [this, previous] { selectInList(previous); });
}

QStringList KbEditor::checkedChannels() const
{
    QStringList channels;
    for (QCheckBox *box : m_channels) {
        if (box->isChecked())
            channels.append(box->property("channel").toString());
    }
    return channels;
}

KbDocument KbEditor::formDocument() const
{
    KbDocument doc = m_doc; // keeps source and updated_at
    if (m_isNew)
        doc.id = m_docId->text().trimmed();
    doc.title = m_title->text().simplified();
    doc.url = m_url->text().trimmed();
    doc.format = m_format->currentData().toString();
    doc.allowedChannels = checkedChannels();
    doc.text = m_text->toPlainText();
    return doc;
}

bool KbEditor::isModified() const
{
    if (!m_haveDoc)
        return false;
    const KbDocument form = formDocument();
    QStringList stored = m_doc.allowedChannels, edited = form.allowedChannels;
    stored.sort();
    edited.sort();
    return form.id != m_doc.id || form.title != m_doc.title.simplified() || form.url != m_doc.url
        || form.format != m_doc.format || edited != stored || form.text != m_doc.text;
}

QString KbEditor::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void KbEditor::updateState()
{
    const bool modified = isModified();
    const bool busy = m_save || m_load;
    const bool editor = m_session->isSignedIn() && roleAtLeast(m_session->role(), OperatorRole::Editor);
    m_saveButton->setEnabled(editor && modified && !busy);
    m_revertButton->setEnabled(modified && !busy);
    m_deleteButton->setEnabled(editor && m_haveDoc && !m_isNew && !busy);
    m_docIdLabel->setVisible(m_haveDoc);
    m_docId->setVisible(m_haveDoc);
    QString heading;
    if (!m_haveDoc)
        heading = tr("No document open: choose one from the list, or make a new one.");
    else if (m_isNew)
        heading = tr("New document");
    else
        heading = m_doc.title;
    if (modified)
        heading += tr(" (unsaved changes)");
    if (!m_load)
        m_heading->setText(heading);
}

bool KbEditor::validate(const KbDocument &doc)
{
    if (m_isNew && !doc.id.isEmpty() && !isValidDocId(doc.id)) {
        showError(tr("A document id is made of lowercase letters, digits, \u201c.\u201d, \u201c_\u201d and \u201c-\u201d, "
                     "starts with a letter or digit and has at most 128 characters."),
                  m_docId);
        return false;
    }
    if (doc.title.isEmpty()) {
        showError(tr("Give the document a title."), m_title);
        return false;
    }
    if (!doc.url.isEmpty() && !isHttpUrl(doc.url)) {
        showError(tr("The URL must be a whole web address starting with http:// or https://."), m_url);
        return false;
    }
    if (doc.text.trimmed().isEmpty()) {
        showError(tr("The document has no text."), m_text);
        return false;
    }
    return true;
}

void KbEditor::save(const std::function<void()> &then)
{
    if (!m_haveDoc || m_save || m_load || !isModified())
        return;
    const KbDocument doc = formDocument();
    if (!validate(doc))
        return;
    m_error->hide();
    m_savingId = doc.id;
    const bool creating = m_isNew;
    if (creating) {
        // POST: refused (409) when the id is taken, never replacing another document.
        QJsonObject body = doc.toJson(true);
        body.remove(QStringLiteral("updated_at"));
        body.remove(QStringLiteral("source"));
        if (doc.id.isEmpty())
            body.remove(QStringLiteral("doc_id"));
        Api::ApiReply *reply = m_session->client()->send("POST", QStringLiteral("/admin/agent/kb"), &body);
        m_save = reply;
        connect(reply, &Api::ApiReply::finished, this, [this, reply, doc, then] {
            if (reply->error().isError()) {
                saveFailed(reply->error());
                return;
            }
            QString error;
            const std::optional<KbDocument> stored = KbDocument::fromJson(reply->json(), &error);
            if (!stored) {
                saveFailed(Api::ApiError{Api::ApiError::Kind::Protocol, reply->httpStatus(), QStringLiteral("bad_answer"), error});
                return;
            }
            onSaved(doc, *stored, true, reply->json().value(QStringLiteral("chunk_count")).toInt(-1));
            if (then)
                then();
        });
    } else {
        m_save = m_session->client()->putKbDocument(doc, this, [this, doc, then](const Api::Result<KbDocument> &result) {
            if (!result.ok()) {
                saveFailed(result.error);
                return;
            }
            onSaved(doc, *result, false, -1);
            if (then)
                then();
        });
    }
    updateState();
    emit statusMessage(tr("Saving \u201c%1\u201d\u2026").arg(doc.title));
}

void KbEditor::onSaved(const KbDocument &sent, const KbDocument &stored, bool created, int chunkCount)
{
    // The server answers without the text: ours is what it stored.
    KbDocument saved = stored;
    saved.text = sent.text;
    m_save = nullptr;
    m_savingId.clear();
    const bool keepCursor = !created;
    const int cursor = m_text->textCursor().position();
    if (created) {
        showDocument(saved, false);
    } else {
        m_doc = saved;
        if (m_title->text() != saved.title) {
            const QSignalBlocker blocker(m_title);
            m_title->setText(saved.title);
        }
    }
    if (keepCursor) {
        QTextCursor textCursor = m_text->textCursor();
        textCursor.setPosition(qMin(cursor, int(m_text->toPlainText().size())));
        m_text->setTextCursor(textCursor);
    }
    ++m_changes[saved.id];
    changeList([&] { m_documents->upsert(saved, chunkCount); });
    updateState();
    emit statusMessage(created ? tr("Created \u201c%1\u201d (%2).").arg(saved.title, saved.id)
                               : tr("Saved \u201c%1\u201d.").arg(saved.title));
    runPreview(); // the index has it already: the server re-indexes before answering
}

void KbEditor::saveFailed(const Api::ApiError &error)
{
    m_save = nullptr;
    m_savingId.clear();
    updateState();
    selectInList(currentDocId()); // a switch that waited for this save does not happen
    showServerError(error);
}

void KbEditor::revert()
{
    if (!m_haveDoc)
        return;
    showDocument(m_doc, m_isNew);
}

void KbEditor::deleteDocument()
{
    if (!m_haveDoc || m_isNew || m_save || m_load)
        return;
    const KbDocument doc = m_doc;
    QMessageBox box(QMessageBox::Warning, tr("Delete document"),
                    tr("Delete \u201c%1\u201d (%2) from the knowledge base?").arg(doc.title, doc.id),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("kbConfirmDelete"));
    box.setInformativeText(isModified() ? tr("The agent will no longer find or cite it. Your unsaved changes go too. "
                                             "This cannot be undone.")
                                        : tr("The agent will no longer find or cite it. This cannot be undone."));
    QPushButton *confirm = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("kbConfirmDeleteButton"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;
    m_save = m_session->client()->deleteKbDocument(doc.id, this, [this, doc](const Api::Result<Api::Done> &result) {
        m_save = nullptr;
        if (!result.ok() && result.error.httpStatus != 404) { // 404: gone already, as wanted
            updateState();
            showServerError(result.error);
            return;
        }
        ++m_changes[doc.id];
        changeList([&] { m_documents->remove(doc.id); });
        if (m_haveDoc && !m_isNew && m_doc.id == doc.id)
            clearDocument();
        emit statusMessage(tr("Deleted \u201c%1\u201d.").arg(doc.title));
        runPreview();
    });
    updateState();
}

void KbEditor::onKbChanged(const QString &docId, bool deleted)
{
    if (docId.isEmpty() || !roleAtLeast(m_session->role(), OperatorRole::Editor))
        return;
    const bool isCurrent = m_haveDoc && !m_isNew && m_doc.id == docId;
    const quint64 change = ++m_changes[docId];
    if (deleted) {
        changeList([&] { m_documents->remove(docId); });
        if (!isCurrent || m_save)
            return;
        if (isModified()) {
            showError(tr("This document was deleted on the server. Saving will create it again."));
        } else {
            clearDocument();
            emit statusMessage(tr("\u201c%1\u201d was deleted on the server.").arg(docId));
        }
        return;
    }
    // Saved (here or elsewhere): read it for the list, and for the form when it is open.
    m_session->client()->getKbDocument(docId, this, [this, docId, change](const Api::Result<KbDocument> &result) {
        if (!result.ok() || m_changes.value(docId) != change)
            return; // changed again meanwhile (that change says what is true), or the server is away
        changeList([&] { m_documents->upsert(*result); });
        const bool stillCurrent = m_haveDoc && !m_isNew && m_doc.id == docId;
        if (!stillCurrent || m_savingId == docId || m_save || m_load || result->updatedAt == m_doc.updatedAt)
            return;
        if (isModified()) {
            showError(tr("Someone else saved this document meanwhile. Saving will replace their version; "
                         "Revert shows theirs."));
            m_doc = *result; // Revert then shows what is stored now
            updateState();
        } else {
            showDocument(*result, false);
            emit statusMessage(tr("\u201c%1\u201d was changed on the server; showing the new version.").arg(result->title));
        }
    });
}

void KbEditor::showError(const QString &text, QWidget *field)
{
    m_error->setText(text);
    m_error->show();
    if (field)
        field->setFocus();
}

void KbEditor::showServerError(const Api::ApiError &error)
{
    // The server's stable codes, in the user's language, pointing at the field.
    const QString &code = error.code;
    if (code == QLatin1String("invalid_title") || code == QLatin1String("title_too_long")
        || code == QLatin1String("title_required"))
        showError(tr("The server refused the title: %1").arg(error.message), m_title);
    else if (code == QLatin1String("invalid_url"))
        showError(tr("The URL must be a whole web address starting with http:// or https://."), m_url);
    else if (code == QLatin1String("invalid_doc_id") || code == QLatin1String("doc_id_mismatch"))
        showError(tr("The server refused the document id: %1").arg(error.message), m_docId);
    else if (code == QLatin1String("conflict"))
        showError(tr("A document with the id \u201c%1\u201d exists already; choose another id.").arg(m_docId->text()), m_docId);
    else if (code == QLatin1String("unknown_channel"))
        showError(tr("The server does not know one of the channels: %1").arg(error.message));
    else if (code == QLatin1String("empty_text") || code == QLatin1String("no_visible_text")
             || code == QLatin1String("binary_content") || code == QLatin1String("invalid_text")
             || code == QLatin1String("text_too_large"))
        showError(tr("The server refused the text: %1").arg(error.message), m_text);
    else
        showError(tr("Not saved: %1").arg(error.toString()));
}

// --- the preview ------------------------------------------------------------

void KbEditor::runPreview()
{
    m_previewTimer.stop();
    if (m_previewReply)
        m_previewReply->abort();
    const QString query = m_query->text().trimmed();
    if (query.isEmpty() || !m_session->isSignedIn()) {
        m_preview->clear();
        m_preview->setQuery({});
        m_previewStatus->clear();
        return;
    }
    const QString channel = m_previewChannel->currentData().toString();
    m_previewReply = m_session->client()->previewKb(
        query, channel, kPreviewTopK, this, [this, query](const Api::Result<QJsonArray> &result) {
            if (result.error.kind == Api::ApiError::Kind::Aborted)
                return;
            if (!result.ok()) {
                m_previewStatus->setText(tr("Preview failed: %1").arg(result.error.toString()));
                return;
            }
            QString error;
            if (!m_preview->setResults(*result, &error)) {
                m_previewStatus->setText(tr("Unexpected answer from the server: %1").arg(error));
                return;
            }
            m_preview->setQuery(query);
            m_previewStatus->setText(m_preview->rowCount() == 0
                                         ? tr("Nothing would be retrieved for this question.")
                                         : tr("%n passage(s) would be retrieved.", nullptr, m_preview->rowCount()));
        });
}
