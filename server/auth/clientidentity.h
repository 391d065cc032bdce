#pragma once
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

// The reverse proxies whose X-Forwarded-For is believed (SUPPORTD_TRUSTED_PROXIES:
// addresses and CIDR ranges). Empty: the direct peer is always the client.
class TrustedProxies
{
public:
    // "127.0.0.1, 10.0.0.0/8, ::1"; nullopt with an error naming the bad entry.
    static std::optional<TrustedProxies> parse(const QStringList &entries, QString *error);

    bool contains(const QHostAddress &address) const;
    bool isEmpty() const { return m_subnets.isEmpty(); }
    QStringList describe() const;

private:
    QList<QPair<QHostAddress, int>> m_subnets;
};

// Who sends a public request, as far as rate limits care: the client's address
// and the device id the widget keeps in localStorage (a random id, header
// X-Device-Id). Neither is proof of anything; together they give shoppers
// behind one NAT separate budgets, capped per address.
struct ClientIdentity
{
    static constexpr char kDeviceIdHeader[] = "x-device-id";

    QString address;  // the client's IP
    QString deviceId; // empty when missing or malformed (8-128 of A-Z a-z 0-9 - _)

    static ClientIdentity of(const QHostAddress &peer, const QByteArray &forwardedFor, const QByteArray &deviceId,
                             const TrustedProxies &proxies);
    // The peer, or, when the peer is a trusted proxy, the right-most address of
    // X-Forwarded-For that is not a trusted proxy (the left part is whatever
    // the client wrote, so it is never believed).
    static QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                                      const TrustedProxies &proxies);
    static bool isWellFormedDeviceId(const QByteArray &deviceId);
};
