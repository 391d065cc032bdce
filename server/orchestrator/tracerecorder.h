#pragma once
#include "model/tracespan.h"

#include <QElapsedTimer>
#include <QList>

// Collects the spans of one turn. Each step opens a Span; it is timed from
// the start of the turn and closed when it goes out of scope, so no step can
// forget to record itself.
class TraceRecorder
{
public:
    TraceRecorder() { m_clock.start(); }

    class Span
    {
    public:
        Span(TraceRecorder *recorder, qsizetype index) : m_recorder(recorder), m_index(index) {}
        Span(Span &&other) noexcept : m_recorder(other.m_recorder), m_index(other.m_index) { other.m_recorder = nullptr; }
        Span(const Span &) = delete;
        Span &operator=(const Span &) = delete;
        ~Span() { end(); }

        void set(const QString &key, const QJsonValue &value);
        void end();

    private:
        TraceRecorder *m_recorder;
        qsizetype m_index;
    };

    Span start(const QString &name);
    // A span timed elsewhere (a model call the brain made), in the order added.
    void add(const TraceSpan &span) { m_spans.append(span); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    const QList<TraceSpan> &spans() const { return m_spans; }

private:
    QElapsedTimer m_clock;
    QList<TraceSpan> m_spans;
};
