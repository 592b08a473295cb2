"""Lines of plain text to the structure of a compilation.

A compilation (see DESIGN.md) reads::

    title                       line 1, no end punctuation
    ——subtitle                  line 2
    <blank>
    section title               short, no end punctuation, followed by
    office、office Name         a byline: offices, one space, a person's name
    <blank>
    body paragraph …

A section title may also come without a byline (``第一章``, ``Chapter One``):
a short line without end punctuation, alone between blank lines, followed by
body text. Text without any titles is one untitled section, paragraphs as
they come.
Every non-blank line is a *unit*; page-break repair (repair.py) then joins
units that continue each other. Ids are derived from the text, so that editing
one paragraph leaves every other id alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Byline, Document, Paragraph, Repair, Section, text_hash

# Characters that end a sentence (or a block, like the colon of a salutation).
END_PUNCTUATION = frozenset("。！？；：…!?;:.．｡")
# Closing quotes and brackets that may follow the end punctuation.
CLOSERS = "”’」』）》〉】〕\"')]»›"
# Sentence punctuation that never appears in a title or a byline.
_SENTENCE_MARKS = re.compile(r"[。，！？；：!?;“”\"]")
# CJK ideographs, kana, CJK and full-width punctuation: joined without a space.
_WIDE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")

MAX_TITLE = 40  # characters; a longer line without end punctuation is body text cut off
MAX_LATIN_TITLE = 120
MAX_BYLINE = 80
MAX_NAME = 24


@dataclass
class Unit:
    """A non-blank source line (or, after repair, several joined)."""

    text: str
    line: int  # 1-based line of its first line
    gap_before: bool = True  # a blank line (or the file start) precedes it
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = (self.line,)


def split_units(text: str) -> list[Unit]:
    """Non-blank lines, trimmed of spaces (full-width ones too) at both ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    units: list[Unit] = []
    gap = True
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if "\f" in raw:  # a form feed is a page break: a gap like a blank line
            gap = True
        if not line:
            gap = True
            continue
        units.append(Unit(line, number, gap))
        gap = False
    return units


def ends_sentence(text: str) -> bool:
    """True if the block ends with end punctuation (closing quotes allowed after it)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in END_PUNCTUATION


def is_wide(char: str) -> bool:
    return bool(char) and _WIDE.match(char) is not None


def _short(text: str) -> bool:
    limit = MAX_TITLE if any(is_wide(c) for c in text[:8]) else MAX_LATIN_TITLE
    return len(text) <= limit


# A Latin line ending in one of these words runs on: it is not a title.
_RUN_ON_WORDS = frozenset("a an the of and or to in on at by for with from that which as is are was were".split())


def looks_like_title(text: str) -> bool:
    """A short line without end punctuation that does not run on."""
    if not _short(text) or ends_sentence(text) or text.endswith(("，", ",", "、", "-", "—")):
        return False
    last = text.rsplit(None, 1)[-1].lower()
    return last not in _RUN_ON_WORDS


def split_byline(text: str) -> tuple[str, str] | None:
    """(affiliation, name) if the line is byline-shaped, else None.

    The name is the last space-separated token; the affiliation is the rest.
    """
    if len(text) > MAX_BYLINE or _SENTENCE_MARKS.search(text) or text.endswith("."):
        return None
    parts = text.rsplit(None, 1)
    if len(parts) != 2:
        return None
    affiliation, name = parts[0].strip(), parts[1].strip()
    if not affiliation or not (2 <= len(name) <= MAX_NAME):
        return None
    return affiliation, name


def _is_heading(units: list[Unit], i: int) -> bool:
    return (
        i + 1 < len(units)
        and looks_like_title(units[i].text)
        and split_byline(units[i].text) is None
        and split_byline(units[i + 1].text) is not None
    )


MAX_BARE_TITLE = 30  # characters; a section title without a byline is short
MAX_BARE_LATIN_TITLE = 60


def _block_after(units: list[Unit], i: int) -> str:
    """The text of the blank-line separated block that starts at unit ``i``."""
    parts = [units[i].text]
    for unit in units[i + 1 :]:
        if unit.gap_before:
            break
        parts.append(unit.text)
    return "".join(parts)


def _bare_headings(units: list[Unit]) -> list[bool]:
    """Which units are section titles without a byline (``第一章``, ``Chapter One``).

    A short line without end punctuation or sentence marks that stands alone
    between blank lines (or at the start) and is followed by a block of body
    text: one that ends a sentence or is longer than the line, and is not
    itself a title. A page-break fragment is continued by a longer block, not
    by a title, so the sample's splits stay splits.
    """
    flags = [False] * len(units)
    for i in range(len(units) - 2, -1, -1):
        unit, nxt = units[i], units[i + 1]
        text = unit.text
        wide = any(is_wide(c) for c in text[:8])
        if not (unit.gap_before and nxt.gap_before) or _is_heading(units, i + 1) or flags[i + 1]:
            continue
        if len(text) > (MAX_BARE_TITLE if wide else MAX_BARE_LATIN_TITLE) or not looks_like_title(text):
            continue
        if _SENTENCE_MARKS.search(text) or text.endswith("、") or text[:1].islower() or is_subtitle(text):
            continue
        following = _block_after(units, i + 1)
        if ends_sentence(following) or len(following) > len(text):
            flags[i] = True
    return flags


def is_subtitle(text: str) -> bool:
    return text.startswith(("——", "—", "--", "－－"))


@dataclass
class RawSection:
    title: Unit | None
    byline: Unit | None
    body: list[Unit]


def detect(units: list[Unit]) -> tuple[Unit | None, Unit | None, list[RawSection]]:
    """(title, subtitle, sections) of a plain-text source."""
    title = subtitle = None
    i = 0
    bare = _bare_headings(units)
    # A first line followed by body text, in a text whose later sections have bare
    # titles like it, is the first section's title, not the document's.
    first_is_section = bare[0] if units else False
    first_is_section = first_is_section and any(bare[1:])
    if (
        len(units) > 1
        and not _is_heading(units, 0)
        and not first_is_section
        and looks_like_title(units[0].text)
        and not units[1].text[:1].islower()
    ):
        if is_subtitle(units[1].text) or _is_heading(units, 1) or units[1].gap_before or len(units[0].text) <= 30:
            title = units[0]
            i = 1
            if is_subtitle(units[1].text):
                subtitle = units[1]
                i = 2
    sections: list[RawSection] = []
    current = RawSection(None, None, [])
    while i < len(units):
        if _is_heading(units, i):
            if current.title is not None or current.body:
                sections.append(current)
            current = RawSection(units[i], units[i + 1], [])
            i += 2
            continue
        if bare[i]:
            if current.title is not None or current.body:
                sections.append(current)
            current = RawSection(units[i], None, [])
            i += 1
            continue
        current.body.append(units[i])
        i += 1
    if current.title is not None or current.body or not sections:
        sections.append(current)
    return title, subtitle, sections


class _Ids:
    """Content-derived ids with an occurrence suffix for repeated texts."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def make(self, prefix: str, text: str) -> str:
        base = prefix + text_hash(text)[:8]
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


def assemble(
    *,
    name: str,
    language: str,
    path: str,
    encoding: str,
    title: Unit | None,
    subtitle: Unit | None,
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]],
    repairs: list[Repair],
) -> Document:
    """Build the Document; sections are (title, (affiliation, name, byline unit), body units)."""
    pids, sids = _Ids(), _Ids()

    def para(unit: Unit | None, role: str) -> Paragraph | None:
        if unit is None:
            return None
        return Paragraph(id=pids.make("p", unit.text), text=unit.text, role=role, line=unit.line)

    doc_title = para(title, "title")
    doc_subtitle = para(subtitle, "subtitle")
    built: list[Section] = []
    for heading, byline, body in sections:
        head = para(heading, "heading")
        by = None
        if byline is not None:
            affiliation, person, unit = byline
            by = Byline(paragraph=para(unit, "byline"), affiliation=affiliation, name=person)
        paragraphs = tuple(para(u, "body") for u in body)
        key = heading.text if heading is not None else (body[0].text if body else "")
        built.append(Section(id=sids.make("s", key), title=head, byline=by, paragraphs=paragraphs))
    return Document(
        name=name,
        language=language,
        title=doc_title,
        subtitle=doc_subtitle,
        sections=tuple(built),
        repairs=tuple(repairs),
        path=path,
        encoding=encoding,
    )
