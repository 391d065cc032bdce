#include "signindialog.h"
#include "session.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

SignInDialog::SignInDialog(Session *session, QWidget *parent) : QDialog(parent), m_session(session)
{
    setObjectName(QStringLiteral("signInDialog"));
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_url->setInputMethodHints(Qt::ImhUrlCharactersOnly);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("username"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(this);
    m_signIn = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *form = new QFormLayout;
    m_urlLabel = new QLabel(this);
    m_userLabel = new QLabel(this);
    m_passwordLabel = new QLabel(this);
    m_urlLabel->setBuddy(m_url);
    m_userLabel->setBuddy(m_user);
    m_passwordLabel->setBuddy(m_password);
    form->addRow(m_urlLabel, m_url);
    form->addRow(m_userLabel, m_user);
    form->addRow(m_passwordLabel, m_password);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    QSettings settings;
    m_url->setText(settings.value(QStringLiteral("session/url"), QStringLiteral("http://127.0.0.1:8080")).toString());
    m_user->setText(settings.value(QStringLiteral("session/user")).toString());

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *edit : {m_url, m_user, m_password})
        connect(edit, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    connect(m_session, &Session::signedIn, this, [this] {
        if (!m_busy)
            return;
        setBusy(false);
        m_password->clear();
        accept();
    });
    connect(m_session, &Session::signInFailed, this, [this](const QString &message) {
        if (!m_busy)
            return;
        setBusy(false);
        m_error->setText(message);
        m_error->show();
        m_password->selectAll();
        m_password->setFocus();
    });

    retranslateUi();
    updateButton();
    (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
}

void SignInDialog::setServerUrl(const QString &url)
{
    m_url->setText(url);
}

void SignInDialog::setUsername(const QString &username)
{
    m_user->setText(username);
}

QString SignInDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void SignInDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SignInDialog::retranslateUi()
{
    setWindowTitle(tr("Sign in to supportd"));
    m_intro->setText(tr("Sign in with your operator account. The session is kept in the system keychain."));
    m_urlLabel->setText(tr("&Server:"));
    m_userLabel->setText(tr("&User name:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_url->setPlaceholderText(tr("https://support.example.com"));
    m_signIn->setText(m_busy ? tr("Signing in\u2026") : tr("Sign in"));
}

void SignInDialog::submit()
{
    if (m_busy || !m_signIn->isEnabled())
        return;
    m_error->hide();
    setBusy(true);
    m_session->signIn(m_url->text(), m_user->text(), m_password->text());
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QLineEdit *edit : {m_url, m_user, m_password})
        edit->setReadOnly(busy);
    retranslateUi();
    updateButton();
}

void SignInDialog::updateButton()
{
    m_signIn->setEnabled(!m_busy && !m_url->text().trimmed().isEmpty() && !m_user->text().trimmed().isEmpty()
                         && !m_password->text().isEmpty());
}
