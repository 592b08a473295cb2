"""Translations as markup inside an existing XHTML tree (for the book EPUB writer).

:func:`target_and_marks` joins a paragraph's translated segments and their
marks (``Translation.marks``, offsets into each segment's target) into one
text with paragraph offsets; :func:`fill` writes that text into an element,
turning marks back into ``em``, ``strong``, ``code``, ``a``, ``sup``, ``sub``,
``br`` and ``span lang``. Marks that cross are split; with no marks the text
goes in plain (a line break in it becomes ``br``).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.languages import is_cjk
from pipeline.model import Edition, Mark, Paragraph
from pipeline.xmlsafe import XML_LANG, clean

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
TAGS = {"emphasis": "em", "strong": "strong", "code": "code", "link": "a", "footnote": "a",
        "superscript": "sup", "subscript": "sub", "language": "span"}


def target_and_marks(edition: Edition, paragraph: Paragraph) -> tuple[str, list[Mark]]:
    """The paragraph's translation (as ``Edition.target_of`` joins it) and its marks."""
    sep = "" if is_cjk(edition.target_language) else " "
    text = ""
    marks: list[Mark] = []
    for segment in paragraph.segments:
        t = edition.translations.get(segment.id)
        if t is None or not t.target.strip():
            continue
        lead = len(t.target) - len(t.target.lstrip())
        piece = t.target.strip()
        if text:
            text += sep
        base = len(text) - lead
        for m in t.marks:
            start = min(max(m.start + base, len(text)), len(text) + len(piece))
            end = min(max(m.end + base, start), len(text) + len(piece))
            marks.append(replace(m, start=start, end=end))
        text += piece
    return clean(text), marks


def namespace_of(el) -> str:
    """``{uri}`` of an element's tag, or "" (a tree the HTML parser read)."""
    tag = el.tag
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def set_lang(el, tag: str, *, epub2: bool) -> None:
    el.set(XML_LANG, tag)
    if not epub2:
        el.set("lang", tag)
    elif "lang" in el.attrib:
        del el.attrib["lang"]


def fill(el, text: str, marks: list[Mark], *, footnotes: dict[str, str], epub3: bool) -> None:
    """Append ``text`` with ``marks`` as markup to ``el`` (after what it already holds)."""
    ns = namespace_of(el)
    spans = sorted((m for m in marks if m.kind in TAGS and 0 <= m.start < m.end <= len(text)),
                   key=lambda m: (m.start, -m.end))
    newlines = {i for i, c in enumerate(text) if c == "\n"}
    breaks = newlines | {m.start for m in marks if m.kind == "linebreak" and 0 <= m.start <= len(text)
                         and m.start not in newlines and m.start - 1 not in newlines}
    cuts = sorted({0, len(text), *breaks, *(m.start for m in spans), *(m.end for m in spans)})
    stack: list[tuple[Mark | None, object]] = [(None, el)]

    def add_text(s: str) -> None:
        if not s:
            return
        top = stack[-1][1]
        if len(top):
            top[-1].tail = (top[-1].tail or "") + s
        else:
            top.text = (top.text or "") + s

    def push(m: Mark) -> None:
        child = _make(el, ns, m, footnotes, epub3)
        if child is None:
            stack.append((m, stack[-1][1]))  # a footnote with no known target: text only
            return
        stack[-1][1].append(child)
        stack.append((m, child))

    pending = list(spans)
    for i, point in enumerate(cuts):
        lowest = next((k for k in range(1, len(stack)) if stack[k][0].end <= point), None)
        if lowest is not None:
            reopen = [m for m, _ in stack[lowest + 1:] if m.end > point]
            del stack[lowest:]
            for m in reopen:
                push(m)
        if point in breaks:
            br = el.makeelement(ns + "br", {})
            stack[-1][1].append(br)
        while pending and pending[0].start == point:
            push(pending.pop(0))
        if i + 1 < len(cuts):
            add_text(text[point:cuts[i + 1]].replace("\n", ""))


def _make(el, ns: str, m: Mark, footnotes: dict[str, str], epub3: bool):
    attrs: dict[str, str] = {}
    if m.kind == "link":
        attrs["href"] = m.href
    elif m.kind == "footnote":
        href = footnotes.get(m.href)
        if href is None:
            return None
        attrs["href"] = href
        if epub3:
            attrs[EPUB_TYPE] = "noteref"
    child = el.makeelement(ns + TAGS[m.kind], attrs)
    if m.kind == "language" and m.language:
        set_lang(child, m.language, epub2=not epub3)
    return child
