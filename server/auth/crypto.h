#pragma once
#include <QByteArray>
#include <QString>

// Everything secret-related goes through libsodium: Argon2id password hashes,
// random tokens and ids, token digests and constant-time comparison.
namespace crypto {

bool initialize(); // sodium_init(); call once at start

// Argon2id (libsodium's crypto_pwhash_str, interactive limits). ~50 ms of CPU:
// never call it on the event-loop thread.
QString hashPassword(const QString &password);
bool verifyPassword(const QString &storedHash, const QString &password);

// 32 random bytes, base64url without padding (43 characters).
QString randomToken();
// A random RFC 4122 version-4 UUID, lower-case with dashes (thread ids: unguessable).
QString uuidV4();
// An RFC 9562 version-7 UUID: a millisecond timestamp then 74 random bits. For
// ids of rows written in time order (messages, traces): database indexes
// append at their end instead of touching a random page per insert.
QString uuidV7();
// What is stored instead of a token: hex SHA-256.
QString tokenDigest(const QString &token);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
// `length` random characters of the RFC 4648 base32 alphabet (A-Z, 2-7), 5 bits
// of randombytes each: ticket references customers read out.
QString randomBase32(int length);
// Lower-case hex HMAC-SHA256 (crypto_auth_hmacsha256) of message under key.
QString hmacSha256Hex(const QByteArray &key, const QByteArray &message);

} // namespace crypto
