#pragma once
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
inline bool probeOn() { static const bool on = std::getenv("SUPPORTD_PROBE"); return on; }
inline thread_local unsigned long long g_probeId = 0;
inline std::atomic<unsigned long long> g_probeCounter{0};
inline void PROBEK(unsigned long long id, const char *s)
{
    if (!probeOn()) return;
    timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    std::fprintf(stderr, "PROBE %llu %lld %s\n", id, (long long)t.tv_sec * 1000000000LL + t.tv_nsec, s);
}
inline void PROBE(const char *s) { PROBEK(g_probeId, s); }
