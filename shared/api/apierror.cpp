#include "apierror.h"

namespace Api {

QString ApiError::toString() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Network:
        return tr("Cannot reach the server: %1").arg(message);
    case Kind::Tls:
        return tr("Secure connection failed: %1").arg(message);
    case Kind::Timeout:
        return tr("The server did not answer in time.");
    case Kind::Protocol:
        return tr("Unexpected answer from the server: %1").arg(message);
    case Kind::Aborted:
        return tr("Cancelled.");
    case Kind::Http:
        break;
    }
    if (httpStatus == 401)
        return tr("Your session has expired or the sign-in was refused. Please sign in again.");
    if (httpStatus == 403)
        return tr("Your role does not allow this.");
    if (code == QLatin1String("held_by_other"))
        return tr("Another operator has already taken over this conversation.");
    if (code == QLatin1String("not_holder"))
        return tr("You do not hold this conversation: take it over first.");
    if (httpStatus == 404)
        return tr("Not found: %1").arg(message);
    if (httpStatus == 429)
        return tr("Too many requests; please wait a moment.");
    if (httpStatus >= 500)
        return tr("The server could not do this right now (%1).").arg(message.isEmpty() ? QString::number(httpStatus) : message);
    return message.isEmpty() ? tr("Request failed (HTTP %1).").arg(httpStatus) : message;
}

} // namespace Api
