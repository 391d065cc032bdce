#include "clientidentity.h"

namespace {

// IPv4-mapped IPv6 (::ffff:10.0.0.1) compares as the IPv4 address it is.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

// One X-Forwarded-For entry: "203.0.113.7", "203.0.113.7:1234", "[2001:db8::1]:443" or "2001:db8::1".
QHostAddress parseForwardedEntry(QByteArray entry)
{
    entry = entry.trimmed();
    if (entry.startsWith('[')) {
        const qsizetype end = entry.indexOf(']');
        entry = end > 0 ? entry.mid(1, end - 1) : QByteArray();
    } else if (entry.count(':') == 1) {
        entry = entry.left(entry.indexOf(':'));
    }
    QHostAddress address;
    if (entry.isEmpty() || !address.setAddress(QString::fromLatin1(entry)))
        return {};
    return normalized(address);
}

} // namespace

std::optional<TrustedProxies> TrustedProxies::parse(const QStringList &entries, QString *error)
{
    TrustedProxies proxies;
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QPair<QHostAddress, int> subnet = entry.contains(QLatin1Char('/'))
                                              ? QHostAddress::parseSubnet(entry)
                                              : QPair<QHostAddress, int>(QHostAddress(entry), -1);
        if (subnet.first.isNull()) {
            if (error)
                *error = QStringLiteral("trusted proxy \"%1\" is neither an IP address nor a CIDR range").arg(entry);
            return std::nullopt;
        }
        subnet.first = normalized(subnet.first);
        if (subnet.second < 0)
            subnet.second = subnet.first.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
        proxies.m_subnets.append(subnet);
    }
    return proxies;
}

bool TrustedProxies::contains(const QHostAddress &address) const
{
    const QHostAddress candidate = normalized(address);
    for (const auto &subnet : m_subnets) {
        if (candidate.isInSubnet(subnet))
            return true;
    }
    return false;
}

QStringList TrustedProxies::describe() const
{
    QStringList list;
    for (const auto &subnet : m_subnets)
        list.append(subnet.first.toString() + QLatin1Char('/') + QString::number(subnet.second));
    return list;
}

QHostAddress ClientIdentity::clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                                           const TrustedProxies &proxies)
{
    QHostAddress client = normalized(peer);
    if (forwardedFor.isEmpty() || !proxies.contains(client))
        return client;
    const QList<QByteArray> hops = forwardedFor.split(',');
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        const QHostAddress hop = parseForwardedEntry(hops.at(i));
        if (hop.isNull())
            return client; // garbage from here on: the last hop we could vouch for
        client = hop;
        if (!proxies.contains(hop))
            return hop;
    }
    return client; // every hop was a trusted proxy: the left-most is the client
}

bool ClientIdentity::isWellFormedDeviceId(const QByteArray &deviceId)
{
    if (deviceId.size() < 8 || deviceId.size() > 128)
        return false;
    for (const char c : deviceId) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

ClientIdentity ClientIdentity::of(const QHostAddress &peer, const QByteArray &forwardedFor, const QByteArray &deviceId,
                                  const TrustedProxies &proxies)
{
    ClientIdentity identity;
    identity.address = clientAddress(peer, forwardedFor, proxies).toString();
    const QByteArray trimmed = deviceId.trimmed();
    if (isWellFormedDeviceId(trimmed))
        identity.deviceId = QString::fromLatin1(trimmed);
    return identity;
}
