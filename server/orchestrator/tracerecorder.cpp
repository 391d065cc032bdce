#include "tracerecorder.h"

TraceRecorder::Span TraceRecorder::start(const QString &name)
{
    TraceSpan span;
    span.name = name;
    span.startMs = m_clock.elapsed();
    span.durationMs = -1; // open
    m_spans.append(span);
    return Span(this, m_spans.size() - 1);
}

void TraceRecorder::Span::set(const QString &key, const QJsonValue &value)
{
    if (m_recorder)
        m_recorder->m_spans[m_index].attributes.insert(key, value);
}

void TraceRecorder::Span::end()
{
    if (!m_recorder)
        return;
    TraceSpan &span = m_recorder->m_spans[m_index];
    if (span.durationMs < 0)
        span.durationMs = m_recorder->m_clock.elapsed() - span.startMs;
    m_recorder = nullptr;
}
