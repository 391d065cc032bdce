#pragma once
#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class Session;

// Server address, user name and password. Signing in runs asynchronously:
// the dialog stays responsive, shows what it is doing and any error inline,
// and accepts itself once the session is signed in. The address and user
// name are remembered in the settings; the password never, the token only
// in the session's token store.
class SignInDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    explicit SignInDialog(Session *session, QWidget *parent = nullptr);

    void setServerUrl(const QString &url);
    void setUsername(const QString &username);
    QString errorText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void submit();
    void setBusy(bool busy);
    void updateButton();

    Session *m_session;
    QLabel *m_intro = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_userLabel = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_signIn = nullptr;
    bool m_busy = false;
};
