#pragma once
#include <functional>

// Runs the event loop until done() is true or timeoutMs passes; returns done().
// Woken by events rather than polling with sleeps, so waiting on thousands of
// sockets stays fast (QTest::qWaitFor sleeps 10 ms per round).
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 10000);
