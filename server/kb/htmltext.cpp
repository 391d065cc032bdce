#include "htmltext.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <QByteArray>
#include <QStringList>
#include <climits>
#include <memory>

namespace html {
namespace {

bool nameIs(const xmlNode *node, const char *name)
{
    return node->name && xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar *>(name)) == 0;
}

bool nameIn(const xmlNode *node, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (nameIs(node, name))
            return true;
    }
    return false;
}

// 1..6 for h1..h6, else 0.
int headingLevel(const xmlNode *node)
{
    const xmlChar *name = node->name;
    if (!name || (name[0] != 'h' && name[0] != 'H') || name[1] < '1' || name[1] > '6' || name[2] != 0)
        return 0;
    return name[1] - '0';
}

bool isHidden(const xmlNode *node)
{
    if (xmlHasProp(node, reinterpret_cast<const xmlChar *>("hidden")))
        return true;
    xmlChar *ariaHidden = xmlGetProp(node, reinterpret_cast<const xmlChar *>("aria-hidden"));
    const bool hidden = ariaHidden && xmlStrcasecmp(ariaHidden, reinterpret_cast<const xmlChar *>("true")) == 0;
    xmlFree(ariaHidden);
    return hidden;
}

// Elements whose content is never read as page text.
bool isSkipped(const xmlNode *node)
{
    return nameIn(node, {"head", "script", "style", "noscript", "template", "nav", "svg", "math", "iframe",
                         "object", "embed", "canvas", "select"})
        || isHidden(node);
}

bool isBlock(const xmlNode *node)
{
    return headingLevel(node) > 0
        || nameIn(node, {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote", "br", "hr", "tr",
                         "table", "thead", "tbody", "tfoot", "caption", "section", "article", "main", "aside",
                         "header", "footer", "figure", "figcaption", "address", "details", "summary", "fieldset",
                         "legend", "form", "body", "html"});
}

// Collects text with whitespace collapsed; inside <pre> line breaks survive.
class TextBuffer
{
public:
    void append(const QString &text, bool preformatted)
    {
        for (const QChar c : text) {
            if (preformatted && c == QLatin1Char('\n')) {
                m_pending = m_text.isEmpty() ? Pending::None : Pending::Newline;
            } else if (c.isSpace()) {
                if (!m_text.isEmpty() && m_pending == Pending::None)
                    m_pending = Pending::Space;
            } else {
                if (m_pending != Pending::None)
                    m_text.append(m_pending == Pending::Newline ? QLatin1Char('\n') : QLatin1Char(' '));
                m_pending = Pending::None;
                m_text.append(c);
            }
        }
    }
    void separate() // between table cells: a space, even without whitespace in the markup
    {
        if (!m_text.isEmpty() && m_pending == Pending::None)
            m_pending = Pending::Space;
    }
    QString take()
    {
        QString text = m_text;
        m_text.clear();
        m_pending = Pending::None;
        return text;
    }
    bool isEmpty() const { return m_text.isEmpty(); }

private:
    enum class Pending { None, Space, Newline };
    QString m_text;
    Pending m_pending = Pending::None;
};

QString nodeText(const xmlNode *node)
{
    if (!node->content)
        return {};
    return QString::fromUtf8(reinterpret_cast<const char *>(node->content));
}

bool separatesWords(const xmlNode *node)
{
    return isBlock(node) || nameIn(node, {"td", "th"});
}

// The visible text below `root`, collapsed to one line (headings, <title>).
QString inlineText(const xmlNode *root)
{
    TextBuffer buffer;
    const xmlNode *node = root->children;
    while (node) {
        const bool element = node->type == XML_ELEMENT_NODE;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
            buffer.append(nodeText(node), false);
        else if (element && node->children && !isSkipped(node)) {
            node = node->children;
            continue;
        }
        while (node != root) {
            if (node->type == XML_ELEMENT_NODE && separatesWords(node) && !isSkipped(node))
                buffer.separate();
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
        }
        if (node == root)
            break;
    }
    return buffer.take();
}

const xmlNode *findElement(const xmlNode *root, const char *name)
{
    for (const xmlNode *child = root->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (nameIs(child, name))
            return child;
        if (const xmlNode *found = findElement(child, name))
            return found;
    }
    return nullptr;
}

class Extractor
{
public:
    Text run(const xmlNode *root)
    {
        // Iterative walk: nesting depth is the page's choice, the stack is not.
        const xmlNode *node = root;
        while (node) {
            if (enter(node) && node->children) {
                node = node->children;
                continue;
            }
            while (node) {
                leave(node);
                if (node == root) {
                    node = nullptr;
                } else if (node->next) {
                    node = node->next;
                    break;
                } else {
                    node = node->parent;
                }
            }
        }
        endSection();
        m_result.title = m_title.isEmpty() ? m_firstH1 : m_title;
        return std::move(m_result);
    }

private:
    // Returns whether to walk into the node's children.
    bool enter(const xmlNode *node)
    {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            m_paragraph.append(nodeText(node), m_preDepth > 0);
            return false;
        }
        if (node->type != XML_ELEMENT_NODE)
            return false;
        if (nameIs(node, "title") || nameIs(node, "head")) {
            const xmlNode *title = nameIs(node, "title") ? node : findElement(node, "title");
            if (title && m_title.isEmpty())
                m_title = inlineText(title);
            return false;
        }
        if (isSkipped(node))
            return false;
        if (isBlock(node))
            endParagraph();
        if (const int level = headingLevel(node)) {
            startSection(level, inlineText(node));
            return false;
        }
        if (nameIs(node, "pre"))
            ++m_preDepth;
        return true;
    }

    void leave(const xmlNode *node)
    {
        if (node->type != XML_ELEMENT_NODE || isSkipped(node))
            return;
        if (nameIs(node, "pre") && m_preDepth > 0)
            --m_preDepth;
        if (isBlock(node))
            endParagraph();
        else if (nameIn(node, {"td", "th"}))
            m_paragraph.separate();
    }

    void endParagraph()
    {
        const QString paragraph = m_paragraph.take();
        if (!paragraph.isEmpty())
            m_paragraphs.append(paragraph);
    }

    void endSection()
    {
        endParagraph();
        if (!m_paragraphs.isEmpty())
            m_result.sections.append(KbSection{headingPath(), m_paragraphs.join(QStringLiteral("\n\n"))});
        m_paragraphs.clear();
    }

    void startSection(int level, const QString &heading)
    {
        if (heading.isEmpty())
            return;
        endSection();
        while (!m_headings.isEmpty() && m_headings.constLast().first >= level)
            m_headings.removeLast();
        m_headings.append({level, heading});
        if (level == 1 && m_firstH1.isEmpty())
            m_firstH1 = heading;
    }

    QString headingPath() const
    {
        QStringList parts;
        for (const auto &heading : m_headings)
            parts.append(heading.second);
        return parts.join(QStringLiteral(" > "));
    }

    Text m_result;
    TextBuffer m_paragraph;
    QStringList m_paragraphs;
    QList<std::pair<int, QString>> m_headings;
    QString m_title;
    QString m_firstH1;
    int m_preDepth = 0;
};

struct DocFree
{
    void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
};

} // namespace

std::optional<Text> extractText(const QString &html, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<Text> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (html.trimmed().isEmpty())
        return fail(QStringLiteral("empty document"));
    if (html.contains(QChar(0)))
        return fail(QStringLiteral("binary content (NUL bytes), not HTML"));
    const QByteArray utf8 = html.toUtf8();
    if (utf8.size() > INT_MAX)
        return fail(QStringLiteral("document too large"));

    static const bool initialised = [] {
        xmlInitParser(); // once, before any thread parses
        return true;
    }();
    Q_UNUSED(initialised);

    // The text is already Unicode: the encoding argument wins over any <meta charset>.
    std::unique_ptr<xmlDoc, DocFree> doc(
        htmlReadMemory(utf8.constData(), int(utf8.size()), nullptr, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
    const xmlNode *root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root)
        return fail(QStringLiteral("not readable as HTML"));

    Text text = Extractor().run(root);
    if (text.sections.isEmpty())
        return fail(QStringLiteral("no visible text"));
    return text;
}

} // namespace html
