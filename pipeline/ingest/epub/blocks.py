"""A content document's translatable units, in document order, and what is skipped.

:func:`walk` goes through an XHTML body and yields :class:`Unit` s:

- ``block``: a block element with no block inside it (``p``, ``h1``–``h6``,
  ``li``, ``blockquote``, ``dt``/``dd``, ``td``/``th``, ``figcaption``,
  ``caption``, ``div`` …): its inline content is one paragraph, with marks;
- ``run``: inline content standing loose between the blocks of a container
  (``<li>text<ul>…</ul></li>``);
- ``alt``: an image's ``alt`` text;
- ``label``: a navigation label (``nav`` ``a``/``span``, NCX ``text``).

Every text node of the body is either in exactly one unit or in ``skipped``
as ``(reason, text)``: ``pre``, ``script``, ``style``, ``template``, MathML,
SVG, ruby annotations, a block that is code only or has no letters (page
numbers). The walk is deterministic,
so the writer walks the same tree again and finds each unit by its index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.xmlsafe import XML_LANG

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form header hgroup hr li main menu nav ol p section summary table tbody thead tfoot tr td th ul legend "
    "colgroup col".split()
) | frozenset(HEADINGS)
# Left alone, with the reason given in ``skipped``.
OPAQUE = {"pre": "preformatted text", "script": "script", "style": "style", "template": "template",
          "math": "MathML", "svg": "SVG", "rt": "ruby annotation", "rp": "ruby annotation",
          "audio": "media fallback", "video": "media fallback", "object": "media fallback",
          "iframe": "media fallback", "canvas": "media fallback", "textarea": "form field", "select": "form field"}
BREAKS_RUNS = frozenset({"pre", "script", "style", "template"})
NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"})
NOTE_ROLES = frozenset({"doc-footnote", "doc-endnote", "doc-endnotes"})
MARK_TAGS = {"em": "emphasis", "i": "emphasis", "strong": "strong", "b": "strong", "code": "code", "kbd": "code",
             "samp": "code", "tt": "code", "sup": "superscript", "sub": "subscript"}
# White space a browser changes: runs, tabs and line breaks, a space at either end or beside a <br/>
# (a lone space between words stays as it is, so most of the text is copied in stretches).
_SPACE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]|^ | $|(?<=\x00) | (?=\x00)")
_BR = "\x00"


def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def lang_of(el) -> str:
    return el.get(XML_LANG) or el.get("lang") or ""


@dataclass
class RawMark:
    kind: str
    start: int
    end: int
    href: str = ""
    language: str = ""


@dataclass
class Unit:
    kind: str  # block | run | alt | label
    element: object  # the block, the img, the label element, or the run's container
    text: str
    marks: list[RawMark] = field(default_factory=list)
    rank: int = 0  # heading level 1-6, 0 for other blocks
    note: bool = False  # inside a footnote/endnote
    before: object = None  # run: the element the run follows (None: the container's own text)
    inline: list = field(default_factory=list)  # run: its inline elements


@dataclass
class Walk:
    units: list[Unit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reason, text)


def _texts(el) -> list[str]:
    """Every text node inside ``el`` (its own text, descendants' text and tails)."""
    out = [el.text or ""]
    for child in el:
        out.extend(_texts(child) if isinstance(child.tag, str) else [])
        out.append(child.tail or "")
    return out


def _skip(walk: Walk, reason: str, el) -> None:
    text = "".join(_texts(el))
    if text.strip():
        walk.skipped.append((reason, text))


def _is_note(el) -> bool:
    types = set((el.get(EPUB_TYPE) or "").split())
    return bool(types & NOTE_TYPES) or el.get("role", "") in NOTE_ROLES


def has_block(el) -> bool:
    for child in el:
        name = local(child)
        if not name or name in OPAQUE and name not in BREAKS_RUNS:
            continue
        if name in BLOCK or name in BREAKS_RUNS or has_block(child):
            return True
    return False


class _Collector:
    """Inline content to (normalised text, marks), and the images' alt texts."""

    def __init__(self, walk: Walk, context_lang: str):
        self.walk = walk
        self.parts: list[str] = []
        self.size = 0
        self.marks: list[RawMark] = []
        self.alts: list = []
        self.lang = context_lang

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def element(self, el) -> None:
        name = local(el)
        if not name:  # comment or processing instruction
            return
        if name in OPAQUE:
            _skip(self.walk, OPAQUE[name], el)
            return
        if name == "br":
            self.marks.append(RawMark("linebreak", self.size, self.size))
            self.add(_BR)
            return
        if name == "img" and (el.get("alt") or "").strip():
            self.alts.append(el)
        start = self.size
        saved = self.lang
        lang = lang_of(el)
        self.add(el.text)
        for child in el:
            self.element(child)
            self.add(child.tail)
        end = self.size
        self.lang = saved
        if end == start:
            return
        kind = MARK_TAGS.get(name, "")
        if kind:
            self.marks.append(RawMark(kind, start, end))
        if name == "a" and el.get("href"):
            types = set((el.get(EPUB_TYPE) or "").split())
            note = "noteref" in types or el.get("role", "") == "doc-noteref"
            self.marks.append(RawMark("footnote" if note else "link", start, end, href=el.get("href", "")))
        if lang and lang != saved:
            self.marks.append(RawMark("language", start, end, language=lang))

    def result(self) -> tuple[str, list[RawMark]]:
        return normalise("".join(self.parts), self.marks)


def _wide(char: str) -> bool:
    from pipeline.ingest.structure import is_wide

    return is_wide(char)


def normalise(raw: str, marks: list[RawMark]) -> tuple[str, list[RawMark]]:
    """Collapse white space as a browser does (a line break between two CJK characters
    disappears), trim, turn ``<br/>`` into ``\\n``; marks follow the text."""
    from bisect import bisect_right

    pieces: list[str] = []
    starts: list[int] = []  # raw offset where each stretch (text or a white-space run) begins
    news: list[int] = []  # its offset in the result
    texts: list[bool] = []  # a text stretch (offsets inside it move one for one)
    pos = last = 0
    for match in _SPACE.finditer(raw):
        if match.start() > last:
            starts.append(last), news.append(pos), texts.append(True)
            pieces.append(raw[last:match.start()])
            pos += match.start() - last
        starts.append(match.start()), news.append(pos), texts.append(False)
        before = pieces[-1][-1] if pieces else ""
        after = raw[match.end()] if match.end() < len(raw) else ""
        newline = "\n" in match.group() or "\r" in match.group()
        if not (not pieces or not after or before == _BR or after == _BR
                or (newline and before and _wide(before) and _wide(after))):
            pieces.append(" ")
            pos += 1
        last = match.end()
    if last < len(raw):
        starts.append(last), news.append(pos), texts.append(True)
        pieces.append(raw[last:])
        pos += len(raw) - last
    text = "".join(pieces)
    trimmed = text.rstrip(" " + _BR)
    cut = len(trimmed)

    def where(offset: int) -> int:
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return 0
        return min(news[k] + (offset - starts[k] if texts[k] else 0), cut)

    result = []
    for mark in marks:
        start, end = where(mark.start), where(mark.end)
        if end > start or mark.kind == "linebreak":
            result.append(RawMark(mark.kind, start, end, mark.href, mark.language))
    return trimmed.replace(_BR, "\n"), result


def walk(root, *, in_nav: bool = False) -> Walk:
    """The units and skipped text of an XHTML document (its body) in document order."""
    result = Walk()
    body = next((el for el in root.iter() if local(el) == "body"), None)
    if body is None:
        return result
    _visit(result, body, lang_of(root.getroot() if hasattr(root, "getroot") else root), note=False)
    return result


def _visit(walk: Walk, el, lang: str, note: bool) -> None:
    name = local(el)
    if name in OPAQUE:
        _skip(walk, OPAQUE[name], el)
        return
    lang = lang_of(el) or lang
    note = note or _is_note(el)
    if name == "nav":
        _nav(walk, el, lang, note)
        return
    if name == "body" or has_block(el):
        _container(walk, el, lang, note)
        return
    _leaf(walk, el, lang, note, kind="block")


def _leaf(walk: Walk, el, lang: str, note: bool, *, kind: str, before=None, inline=None, rank: int | None = None) -> None:
    collector = _Collector(walk, lang)
    if kind == "run":
        collector.add(before.tail if before is not None else el.text)
        for child in inline:
            collector.element(child)
            collector.add(child.tail)
    else:
        collector.add(el.text)
        for child in el:
            collector.element(child)
            collector.add(child.tail)
    text, marks = collector.result()
    if text.strip():
        code = [m for m in marks if m.kind == "code"]
        if code and all(m.start == 0 and m.end >= len(text) for m in code[:1]):
            walk.skipped.append(("code", text))
        elif not any(c.isalpha() for c in text):
            walk.skipped.append(("no words (numbers, signs)", text))
        else:
            walk.units.append(Unit(kind, el, text, marks, rank=HEADINGS.get(local(el), 0) if rank is None else rank,
                                   note=note, before=before, inline=list(inline or ())))
    for img in collector.alts:
        alt = " ".join(img.get("alt").split())
        walk.units.append(Unit("alt", img, alt, note=note))


def _container(walk: Walk, el, lang: str, note: bool) -> None:
    before = None
    inline: list = []

    def flush() -> None:
        has_text = (before.tail if before is not None else el.text) or ""
        if inline or has_text.strip():
            _leaf(walk, el, lang, note, kind="run", before=before, inline=inline, rank=0)

    for child in el:
        name = local(child)
        if name and (name in BLOCK or name in BREAKS_RUNS or (name not in OPAQUE and has_block(child))):
            flush()
            _visit(walk, child, lang, note)
            before, inline = child, []
        else:
            inline.append(child)
    flush()


def _nav(walk: Walk, nav, lang: str, note: bool) -> None:
    """A nav element: its headings are blocks, each entry's ``a`` or ``span`` a label."""
    for el in nav.iter():
        name = local(el)
        if name in HEADINGS or name == "p":
            _leaf(walk, el, lang_of(el) or lang, note, kind="block")
        elif name in ("a", "span") and local(el.getparent()) == "li":
            _leaf(walk, el, lang_of(el) or lang, note, kind="label", rank=0)


def walk_ncx(tree) -> Walk:
    """The NCX's labels (``navLabel/text``) as label units, in document order."""
    result = Walk()
    for el in tree.getroot().iter():
        if local(el) == "text" and local(el.getparent()) in ("navlabel", "doctitle"):
            text = " ".join((el.text or "").split())
            if text:
                result.units.append(Unit("label", el, text))
    return result
