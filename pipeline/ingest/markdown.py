"""Markdown sources: the explicit way to state structure, with inline formatting.

::

    # Document title
    ——subtitle (a paragraph starting with —— right under the title)

    ## Section title
    *office、office Name*

    Body paragraph with *emphasis*, **strong**, `code`, [a link](https://…)
    and a footnote[^1]; lines of one paragraph are joined (without a space
    between CJK characters, a hyphen at a line end kept).

    - a list item is a paragraph of its own (the bullet dropped; an ordered
      item keeps its number, ``1.``)

    ![alt text](picture.png)       a figure: the alt text is translated

    ```
    fenced code: kept verbatim, never translated
    ```

    [^1]: The footnote's text, a paragraph of Document.notes.

Parsed by markdown-it-py (CommonMark) with its footnote plugin. Every other
heading (a later ``#``, ``###`` and deeper) starts a section too. Inline
formatting becomes :class:`~pipeline.model.Mark` spans over the plain text:
``emphasis``, ``strong``, ``code``, ``link`` (href), ``footnote`` (an empty
span where the reference stands, href = the note paragraph's id),
``superscript``/``subscript`` (``<sup>``/``<sub>``) and ``linebreak`` (a hard
break or ``<br>``). Other inline HTML tags are dropped, their text kept. Code
blocks (fenced, indented, raw HTML blocks) are paragraphs of role ``code``
with one ``code`` mark over their whole text.

No detection, no page-break repair and no dehyphenation: what the author
marked is what is read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.assemble import Ids, assemble
from pipeline.ingest.structure import Unit, is_subtitle, is_wide
from pipeline.model import Document, Mark, Paragraph

_BYLINE = re.compile(r"^(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1$", re.S)
_HTML_MARKS = {"sup": "superscript", "sub": "subscript"}
_HTML_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>$")


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").use(footnote_plugin)


class _Block:
    """A block on its way to a Paragraph: text, marks and what it is."""

    def __init__(self, kind: str, text: str, line: int, marks=(), *, level: int = 0, raw: str = "", src: str = ""):
        self.kind, self.text, self.line, self.marks = kind, text, line, tuple(marks)
        self.level, self.raw, self.src = level, raw, src

    def unit(self) -> Unit:
        return Unit(self.text, self.line)


def _separator(left: str, right: str) -> str:
    """What a soft line break becomes between two pieces of text."""
    if not left or not right or is_wide(left[-1]) or is_wide(right[0]):
        return ""
    if left.endswith("-") and right[0].islower():
        return ""
    return " "


def _inline(children, notes: dict[int, str]) -> tuple[str, list[Mark]]:
    """Plain text and marks of one inline token's children."""
    events: list[tuple] = []

    def walk(tokens):
        for token in tokens:
            kind = token.type
            if kind == "text":
                events.append(("text", token.content))
            elif kind in ("softbreak", "hardbreak"):
                events.append(("break", kind == "hardbreak"))
            elif kind == "code_inline":
                events.append(("open", "code", ""))
                events.append(("text", token.content))
                events.append(("close", "code"))
            elif kind in ("em_open", "strong_open"):
                events.append(("open", "emphasis" if kind == "em_open" else "strong", ""))
            elif kind in ("em_close", "strong_close"):
                events.append(("close", "emphasis" if kind == "em_close" else "strong"))
            elif kind == "link_open":
                events.append(("open", "link", token.attrs.get("href", "")))
            elif kind == "link_close":
                events.append(("close", "link"))
            elif kind == "image":
                walk(token.children or ())  # the alt text stands in the running text
            elif kind == "footnote_ref":
                href = notes.get(token.meta.get("id"), "")
                if href:
                    events.append(("point", "footnote", href))
            elif kind == "html_inline":
                tag = _HTML_TAG.match(token.content.strip())
                if tag and tag.group(2).lower() == "br":
                    events.append(("point", "linebreak", ""))
                elif tag and tag.group(2).lower() in _HTML_MARKS:
                    name = _HTML_MARKS[tag.group(2).lower()]
                    events.append(("close", name) if tag.group(1) else ("open", name, ""))
            elif token.content:
                events.append(("text", token.content))

    walk(children or ())
    return _trimmed(*_marked(events))


def _marked(events: list[tuple]) -> tuple[str, list[Mark]]:
    """The text and marks of a stream of inline events (text, break, open, close, point)."""
    texts = [e[1] for e in events if e[0] == "text"]
    text = ""
    marks: list[Mark] = []
    opened: dict[str, list[tuple[int, str]]] = {}
    seen = 0  # text events consumed so far
    for event in events:
        if event[0] == "text":
            text += event[1]
            seen += 1
        elif event[0] == "break":
            following = next((t for t in texts[seen:] if t), "")
            if event[1]:
                marks.append(Mark("linebreak", len(text), len(text)))
            text += _separator(text, following)
        elif event[0] == "open":
            opened.setdefault(event[1], []).append((len(text), event[2]))
        elif event[0] == "close" and opened.get(event[1]):
            start, href = opened[event[1]].pop()
            if len(text) > start:
                marks.append(Mark(event[1], start, len(text), href=href))
        elif event[0] == "point":
            marks.append(Mark(event[1], len(text), len(text), href=event[2]))
    return text, marks


def _trimmed(text: str, marks: list[Mark]) -> tuple[str, list[Mark]]:
    """Text without surrounding whitespace, marks shifted and clipped to it."""
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    out = []
    for mark in marks:
        start = min(max(mark.start - lead, 0), len(stripped))
        end = min(max(mark.end - lead, 0), len(stripped))
        if end > start or mark.start == mark.end:
            out.append(replace(mark, start=start, end=end))
    out.sort(key=lambda m: (m.start, -m.end))
    return stripped, out


def _note_ids(tokens) -> tuple[dict[int, str], list[tuple[str, list]]]:
    """Footnote number → note paragraph id, and each note's inline tokens (in note order)."""
    ids = Ids()
    notes: list[tuple[int, list]] = []
    current = None
    for token in tokens:
        if token.type == "footnote_open":
            current = (token.meta.get("id"), [])
            notes.append(current)
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            current[1].append(token)
    by_number: dict[int, str] = {}
    contents = []
    for number, inlines in notes:
        raw = "\n".join(t.content for t in inlines)
        by_number[number] = ids.make("n", raw)
        contents.append((by_number[number], inlines))
    return by_number, contents


def _blocks(tokens, notes: dict[int, str]) -> list[_Block]:
    blocks: list[_Block] = []
    item_prefix: list[str] = []  # for each open list item: "1. " or ""
    pending_prefix = ""
    heading_level = 0
    in_note = 0
    for index, token in enumerate(tokens):
        kind = token.type
        line = token.map[0] + 1 if token.map else 0
        if kind == "footnote_open":
            in_note += 1
        elif kind == "footnote_close":
            in_note -= 1
        elif in_note:
            continue
        elif kind == "list_item_open":
            ordered = token.info != ""
            item_prefix.append(f"{token.info}{token.markup} " if ordered else "")
            pending_prefix = item_prefix[-1]
        elif kind == "list_item_close":
            item_prefix.pop()
            pending_prefix = ""
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "inline":
            text, marks = _inline(token.children, notes)
            children = [c for c in (token.children or ()) if c.type not in ("softbreak",)]
            if heading_level:
                blocks.append(_Block("heading", text, line, marks, level=heading_level))
            elif len(children) == 1 and children[0].type == "image":
                blocks.append(_Block("figure", text, line, marks, src=children[0].attrs.get("src", "")))
            else:
                if pending_prefix:
                    shift = len(pending_prefix)
                    text = pending_prefix + text
                    marks = [replace(m, start=m.start + shift, end=m.end + shift) for m in marks]
                    pending_prefix = ""
                blocks.append(_Block("body", text, line, marks, raw=token.content.strip()))
        elif kind in ("fence", "code_block", "html_block"):
            text = token.content.rstrip("\n")
            if text.strip():
                blocks.append(_Block("code", text, line, [Mark("code", 0, len(text))]))
    return [b for b in blocks if b.text or b.kind == "heading"]


def parse(text: str):
    """(title, subtitle, sections, blocks, notes): the structure for ``assemble``, each
    assembled paragraph's block (in reading order) and the note paragraphs."""
    tokens = _parser().parse(text)
    note_numbers, note_inlines = _note_ids(tokens)
    blocks = _blocks(tokens, note_numbers)
    title = subtitle = None
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]] = []
    order: list[_Block] = []  # blocks in the order assemble makes paragraphs
    head: list[_Block] = []
    current: tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit], list[_Block]] | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "heading" and not block.text:
            pass  # an empty heading (``##``) has no text to keep
        elif block.kind == "heading" and block.level == 1 and title is None and current is None and not sections:
            title = block.unit()
            head.append(block)
            if i + 1 < len(blocks) and blocks[i + 1].kind == "body" and is_subtitle(blocks[i + 1].text):
                subtitle = blocks[i + 1].unit()
                head.append(blocks[i + 1])
                i += 1
        elif block.kind == "heading":
            if current is not None:
                sections.append(current)
            byline = None
            section_blocks = [block]
            if block.level <= 2 and i + 1 < len(blocks) and blocks[i + 1].kind == "body":
                by = _BYLINE.match(blocks[i + 1].raw)
                if by and "\n" not in by.group(2):
                    line = blocks[i + 1].text
                    parts = line.rsplit(None, 1)
                    affiliation, name = (parts[0], parts[1]) if len(parts) == 2 else ("", line)
                    byline = (affiliation, name, Unit(line, blocks[i + 1].line))
                    section_blocks.append(_Block("byline", line, blocks[i + 1].line))
                    i += 1
            current = (block.unit(), byline, [], section_blocks)
        else:
            if current is None:
                current = (None, None, [], [])
            current[2].append(block.unit())
            current[3].append(block)
        i += 1
    if current is not None or not sections:
        sections.append(current or (None, None, [], []))
    order = head + [b for s in sections for b in s[3]]
    return title, subtitle, [s[:3] for s in sections], order, _notes(note_inlines, note_numbers)


def _notes(note_inlines, note_numbers: dict[int, str]) -> tuple[Paragraph, ...]:
    """The footnote paragraphs, each note's paragraphs joined with a line break."""
    notes = []
    for note_id, inlines in note_inlines:
        parts = [_inline(t.children, note_numbers) for t in inlines]
        joined, marks = "", []
        for part_text, part_marks in parts:
            if joined and part_text:
                marks.append(Mark("linebreak", len(joined), len(joined)))
                joined += _separator(joined, part_text) or ""
            marks += [replace(m, start=m.start + len(joined), end=m.end + len(joined)) for m in part_marks]
            joined += part_text
        line = inlines[0].map[0] + 1 if inlines and inlines[0].map else 0
        if joined:
            notes.append(Paragraph(id=note_id, text=joined, role="note", line=line, marks=tuple(marks)))
    return tuple(notes)


_ROLES = {"code": "code", "figure": "figure"}


def read_markdown(text: str, *, name: str, language: str, path: str, encoding: str) -> Document:
    """The Document of a Markdown text: structure, marks, code blocks, figures and notes."""
    title, subtitle, sections, order, notes = parse(text)
    doc = assemble(name=name, language=language, path=path, encoding=encoding,
                   title=title, subtitle=subtitle, sections=sections, repairs=[])
    by_block = iter(order)
    levels: dict[str, int] = {}

    def dress(paragraph: Paragraph | None) -> Paragraph | None:
        if paragraph is None:
            return None
        block = next(by_block)
        if block.kind == "heading":
            levels[paragraph.id] = block.level
        role = _ROLES.get(block.kind, paragraph.role)
        return replace(paragraph, marks=block.marks, role=role, anchor=block.src)

    from pipeline.model import Byline

    title_p, subtitle_p = dress(doc.title), dress(doc.subtitle)
    built = []
    for section in doc.sections:
        head = dress(section.title)
        byline = section.byline
        if byline is not None:
            byline = Byline(paragraph=dress(byline.paragraph), affiliation=byline.affiliation, name=byline.name)
        level = max(1, levels.get(head.id, 1) - (1 if title_p is not None else 0)) if head is not None else 1
        built.append(replace(section, title=head, byline=byline, paragraphs=tuple(dress(p) for p in section.paragraphs),
                             level=level))
    return replace(doc, title=title_p, subtitle=subtitle_p, sections=tuple(built), notes=notes, format="markdown")
