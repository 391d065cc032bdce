#pragma once
#include <QCoreApplication>
#include <QString>

namespace Api {

// Why a call to supportd did not give what was asked for. kind says where it
// went wrong; for Http, status and the server's own {"error":{"code","message"}}.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        None,      // no error
        Network,   // refused, host not found, connection lost: the server is not reachable
        Tls,       // the TLS handshake failed (certificate not trusted, wrong host name ...)
        Timeout,   // no progress within the client's timeout
        Http,      // the server answered with an error status
        Protocol,  // the server answered 2xx with a body we could not read
        Aborted,   // the caller gave up on the call
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString code;    // the server's stable error code ("not_holder", "unauthorized" ...) or ours
    QString message; // the server's or the network layer's wording, for logs and tooltips

    bool isError() const { return kind != Kind::None; }
    // The server could not be reached at all (worth retrying later).
    bool isConnectivity() const
    {
        return kind == Kind::Network || kind == Kind::Timeout || (kind == Kind::Http && httpStatus >= 502);
    }
    bool isUnauthorized() const { return kind == Kind::Http && httpStatus == 401; }

    // One line for a status bar, in the user's language.
    QString toString() const;
};

} // namespace Api
