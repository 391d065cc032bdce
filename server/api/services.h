#pragma once

class AuthService;
class Database;
class EventBus;
class KbIndex;
class KbService;
class QThreadPool;
class JwtVerifier;
class RateLimits;
class TrustedProxies;
class TurnRunner;
class TurnScheduler;
class ToolRegistry;

// What the controllers work with; owned by the application.
struct Services
{
    Database &database;
    KbIndex &kbIndex;
    KbService &kb;
    AuthService &auth;
    TurnRunner &turns;
    TurnScheduler &scheduler;
    QThreadPool &workers;       // database work off the event loop
    QThreadPool &passwordPool;  // Argon2id checks, kept apart so logins cannot starve turns
    RateLimits &rateLimits;      // public clients, signed-in shoppers and operators, each their own budget
    const TrustedProxies &trustedProxies; // whose X-Forwarded-For names the client
    const JwtVerifier &jwt;      // signed-in shoppers' tokens (Authorization: Bearer on /api/agent/messages)
    ToolRegistry &tools;         // specs and telemetry for /admin/agent/tools
    EventBus &events;            // live events for consoles and thread streams
};
