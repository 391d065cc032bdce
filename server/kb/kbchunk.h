#pragma once
#include <QList>
#include <QString>
#include <QVector>

// One passage of a knowledge-base document: what retrieval ranks and what a
// reply cites. Derived from the document (kb/chunker), stored in kb_chunks
// with its vector, and loaded into the in-memory index on start.
struct KbChunk
{
    QString id;          // stable: the document id plus a digest of section and text
    QString docId;
    int ordinal = 0;     // position within the document, from 0
    QString section;     // the heading path where the chunk starts ("Returns > Refund times"), may be empty
    QString text;        // plain text
    int tokenCount = 0;  // kb::countTokens(text)
    QString embeddingModel; // Embedder::modelId() that produced `embedding`
    QVector<float> embedding;  // L2-normalised, empty until embedded
};

// One heading-delimited part of a document, before chunking.
struct KbSection
{
    QString heading;     // the heading path, "" for text before the first heading
    QString text;        // plain text, paragraphs separated by blank lines
};
