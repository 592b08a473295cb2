"""Lines of plain text to the structure of a compilation, a novel or an essay.

A compilation (see DESIGN.md) reads::

    title                       no end punctuation
    ——subtitle                  next line, or after blank lines
    编者按：…  ——编 者          an optional editor's note (role ``note``)
    kicker                      optional short line above a speech title
    section title               short, no end punctuation, followed by
    office、office Name         a byline: offices, one or two spaces, a name
    body paragraph …            ``一、…`` sub-heads inside (role ``subheading``)

A novel has chapter headings instead (``第一回 …``, ``第十二章``, ``卷三``,
``楔子``, ``序``, ``后记``, ``Chapter 3``, a numeral alone between blank lines):
where there are such headings, they alone start sections, so that a short
prose line is never taken for one. Without them, a short line without end
punctuation alone between blank lines and followed by body text is a section
title (``第一章``, ``Chapter One``). Endnotes (``注释`` and ``⑴…`` lines) are
a section of their own, each note a paragraph with role ``note``.
Text without any titles is one untitled section, paragraphs as they come.
Every non-blank line is a *unit*; page-break repair (repair.py) then joins
units that continue each other. Ids are derived from the text, so that editing
one paragraph leaves every other id alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.ingest.headings import (
    endnotes_heading,
    is_chapter_heading,
    is_numeral,
    is_signature,
    is_subheading,
    numeral_value,
    split_byline,
    starts_editor_note,
)

if TYPE_CHECKING:
    from pipeline.ingest.lines import Layout

# Characters that end a sentence (or a block, like the colon of a salutation).
END_PUNCTUATION = frozenset("。！？；：…!?;:.．｡")
# Closing quotes and brackets that may follow the end punctuation.
CLOSERS = "”’」』）》〉】〕\"')]»›"
# Sentence punctuation that never appears in a title or a byline.
SENTENCE_MARKS = re.compile(r"[。，！？；：!?;“”\"]")
# CJK ideographs, kana, CJK and full-width punctuation: joined without a space.
_WIDE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")

MAX_TITLE = 40  # characters; a longer line without end punctuation is body text cut off
MAX_LATIN_TITLE = 120


@dataclass
class Unit:
    """A non-blank source line (or, after repair, several joined)."""

    text: str
    line: int  # 1-based line of its first line
    gap_before: bool = True  # a blank line (or the file start) precedes it
    lines: tuple[int, ...] = ()
    indent: int = 0  # white space before the text on its first line
    width: int = 0  # characters of its (first) line, indent included
    page_break: bool = False  # a page marker stood right before it
    role: str = "body"  # what structure detection made of it: body | subheading | note
    alone: bool = False  # a line of its own (a byline without title): never joined to its neighbours

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


FULL_STOPS = frozenset("。！？…!?.．｡")


def ends_paragraph(text: str) -> bool:
    """Ends with a full stop (not ；, ： or ，), closing quotes allowed after it."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in FULL_STOPS


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


def is_subtitle(text: str) -> bool:
    return text.startswith(("——", "—", "--", "－－"))


MAX_BARE_TITLE = 30  # characters; a section title without a byline is short
MAX_BARE_LATIN_TITLE = 60


class _Lines:
    """The units with what detection asks of them, computed once."""

    def __init__(self, units: list[Unit], layout: Layout) -> None:
        self.units = units
        self.n = len(units)
        self.width = layout.width
        self.byline = [split_byline(u.text) for u in units]
        for i, found in enumerate(self.byline):
            if found is not None and is_chapter_heading(units[i].text):
                self.byline[i] = None  # Chapter One is no byline
        # Where blank lines stand between every two lines, they separate nothing: read the lines as adjacent.
        self.gap = [u.gap_before for u in units] if layout.separator != "lines" else [i == 0 for i in range(self.n)]

    def title_like(self, i: int) -> bool:
        unit = self.units[i]
        if self.full(i):
            return False  # a full line of hard-wrapped text
        return looks_like_title(unit.text)

    def boundary(self, i: int) -> bool:
        """A section may start at ``i``: after a blank line, a finished sentence or the start."""
        if i == 0 or self.gap[i] or ends_sentence(self.units[i - 1].text) or is_signature(self.units[i - 1].text):
            return True
        return i == 1 or (i == 2 and is_subtitle(self.units[1].text))  # right under the document's title

    def byline_at(self, j: int) -> bool:
        """A byline at ``j``, not followed by another byline-shaped line on the next line."""
        if j >= self.n or self.byline[j] is None or self.gap[j]:
            return False
        return j + 1 >= self.n or self.byline[j + 1] is None or self.gap[j + 1]

    def heading(self, i: int) -> int:
        """How many title lines a speech heading at ``i`` has (1, or 2 with a kicker), 0 if none.

        A byline is the strongest sign there is: the title-like line right above one is its speech's
        title even where the paragraph before it was cut off mid-sentence. A kicker needs more: it
        starts a block (after a blank line or a finished sentence).
        """
        if not self.title_like(i) or is_signature(self.units[i].text):
            return 0
        if (
            self.boundary(i)
            and 0 < i  # a short line above a title at the very start is the document's title
            and i + 2 < self.n
            and len(self.units[i].text) <= 24
            and not self.gap[i + 1]
            and self.title_like(i + 1)
            and self.byline[i + 1] is None
            and self.byline_at(i + 2)
        ):
            return 2
        if self.byline_at(i + 1):
            return 1  # the title may look like a byline itself (把握机遇 共谋发展): the line after is the byline
        return 0

    def lone_title(self, i: int) -> bool:
        """A title without a byline in a compilation: after a blank line, right above a finished paragraph.

        Where blank lines separate nothing (none, or one between every two lines), after a finished sentence.
        """
        units = self.units
        if i + 1 >= self.n or self.gap[i + 1] or not self.title_like(i) or self.byline[i] is not None:
            return False  # a byline whose title was missed is no title itself
        if not (self.gap[i] or (not any(self.gap[1:]) and ends_sentence(units[i - 1].text))):
            return False
        text = units[i].text
        if SENTENCE_MARKS.search(text) or is_subtitle(text) or is_subheading(text) or len(text) > MAX_TITLE:
            return False  # 二、… is a sub-head inside the speech
        return (ends_sentence(units[i + 1].text) or self.full(i + 1)) and len(units[i + 1].text) > len(text)

    def full(self, i: int) -> bool:
        """A full line of hard-wrapped text: the paragraph goes on in the next line."""
        return self.width is not None and self.units[i].width >= self.width - 1


def _block_after(lines: _Lines, i: int) -> str:
    """The text of the blank-line separated block that starts at unit ``i``."""
    parts = [lines.units[i].text]
    for j in range(i + 1, min(i + 50, lines.n)):
        if lines.gap[j]:
            break
        parts.append(lines.units[j].text)
    return "".join(parts)


def _numbered(lines: _Lines) -> bool:
    """Whether the lines that hold a numeral alone count up through the document (一, 二, 三 …; 1, 2, 3 …).

    Such numerals are section numbers wherever they stand; otherwise one is a section number only alone
    between blank lines.
    """
    values = [numeral_value(u.text) for u in lines.units if len(u.text) <= 5 and is_numeral(u.text)]
    return len(values) >= 2 and all(b is not None and a is not None and b > a for a, b in zip(values, values[1:]))


def _chapter_headings(lines: _Lines) -> list[bool]:
    """Units that are chapter headings by their words (第一回 …, 楔子, Chapter 3) or a numeral alone."""
    units = lines.units
    numbered = _numbered(lines)
    flags = []
    for i, unit in enumerate(units):
        text = unit.text
        if endnotes_heading(text):  # 注释, maybe with the first (long) note on its line
            flags.append(True)
        elif len(text) > 80:
            flags.append(False)
        elif is_chapter_heading(text):
            flags.append(True)
        elif len(text) <= 5 and is_numeral(text):
            alone = lines.gap[i] and (i + 1 >= len(units) or lines.gap[i + 1])
            flags.append(alone or numbered)
        else:
            flags.append(False)
    return flags


def _bare_headings(lines: _Lines, heads: list[int]) -> list[bool]:
    """Which units are section titles without a byline (``第一章``, ``Chapter One``).

    A short line without end punctuation or sentence marks that stands alone
    between blank lines (or at the start) and is followed by a block of body
    text: one that ends a sentence or is longer than the line, and is not
    itself a title. A page-break fragment is continued by a longer block, not
    by a title, so the sample's splits stay splits.
    """
    units = lines.units
    flags = [False] * len(units)
    for i in range(len(units) - 2, -1, -1):
        unit, nxt = units[i], units[i + 1]
        text = unit.text
        wide = any(is_wide(c) for c in text[:8])
        if not (lines.gap[i] and lines.gap[i + 1]) or heads[i + 1] or flags[i + 1]:
            continue
        if len(text) > (MAX_BARE_TITLE if wide else MAX_BARE_LATIN_TITLE) or not lines.title_like(i):
            continue
        if SENTENCE_MARKS.search(text) or text.endswith("、") or text[:1].islower() or is_subtitle(text):
            continue
        if is_subtitle(nxt.text):
            continue  # a title above its ——subtitle
        following = _block_after(lines, i + 1)
        if ends_sentence(following) or len(following) > len(text):
            flags[i] = True
    return flags


@dataclass
class RawSection:
    title: Unit | None
    byline: Unit | None
    body: list[Unit]

    def byline_parts(self) -> tuple[str, str, Unit] | None:
        """(affiliation, name, byline unit), as :func:`pipeline.ingest.assemble.assemble` takes it."""
        if self.byline is None:
            return None
        affiliation, name = split_byline(self.byline.text)
        return affiliation, name, self.byline


def _join_title(kicker: Unit, title: Unit) -> Unit:
    """A two-line speech title (a kicker above the main title) as one title."""
    glue = "\u3000" if is_wide(kicker.text[-1]) or is_wide(title.text[0]) else " "
    return Unit(kicker.text + glue + title.text, kicker.line, kicker.gap_before, (kicker.line, title.line))


def _front(
    lines: _Lines, heads: list[int], chapters: list[bool], bare: list[bool]
) -> tuple[Unit | None, Unit | None, int]:
    """The document's title and ``——`` subtitle, and the index of the first unit after them."""
    units = lines.units
    if len(units) < 2 or heads[0] or chapters[0] or starts_editor_note(units[0].text):
        return None, None, 0
    first_is_section = bare[0] and any(bare[1:])  # like the later bare section titles
    if first_is_section or not lines.title_like(0) or units[1].text[:1].islower():
        return None, None, 0
    nxt = units[1]
    if not (is_subtitle(nxt.text) or heads[1] or chapters[1] or lines.gap[1] or len(units[0].text) <= 30):
        return None, None, 0
    if is_subtitle(nxt.text):
        return units[0], nxt, 2
    return units[0], None, 1


def _editor_note(lines: _Lines, heads: list[int], chapters: list[bool], i: int) -> int:
    """The index after an editor's note that starts at ``i`` (``i`` itself if there is none)."""
    units = lines.units
    if i >= len(units) or not starts_editor_note(units[i].text):
        return i
    j = i
    while j < len(units) and not (j > i and (heads[j] or chapters[j])):
        units[j].role = "note"
        j += 1
        if is_signature(units[j - 1].text):
            break
    return j


def detect(
    units: list[Unit], layout: Layout, doubts: list[tuple[int, str]] | None = None
) -> tuple[Unit | None, Unit | None, list[RawSection]]:
    """(title, subtitle, sections) of a plain-text source laid out as ``layout``.

    Lines whose role was a guess against the document's regularity go to ``doubts`` (line, why).
    """
    lines = _Lines(units, layout)
    heads, chapters, bare = _roles(lines, doubts)
    title, subtitle, i = _front(lines, heads, chapters, bare)
    return title, subtitle, _sections(lines, heads, chapters, bare, i)


def _roles(lines: _Lines, doubts: list[tuple[int, str]] | None) -> tuple[list[int], list[bool], list[bool]]:
    """Which lines start sections, decided by the document's regularity.

    (speech headings: 0, or 1 or 2 title lines above a byline; chapter headings by their words or by
    numerals that count up; titles without byline.) A document with two speeches or more is a
    compilation, read as such throughout.
    """
    units = lines.units
    heads = [lines.heading(i) for i in range(len(units))]
    chapters = _chapter_headings(lines)
    bare = [False] * len(units) if any(chapters) else _bare_headings(lines, heads)
    if sum(1 for h in heads if h) < 2:
        return heads, chapters, bare
    lone = _lone_bylines(lines, heads)  # kept lines of their own either way
    if doubts is not None:
        doubts.extend(lone)
    bare = [(b and not is_subheading(units[i].text) and lines.byline[i] is None)  # 二、… is a sub-head
            or (not heads[i] and lines.lone_title(i))  # a speech whose byline is missing still has its title
            for i, b in enumerate(bare)]
    return heads, chapters, bare


def _sections(lines: _Lines, heads: list[int], chapters: list[bool], bare: list[bool], i: int) -> list[RawSection]:
    """The sections from unit ``i`` on (after the document's title and subtitle)."""
    units = lines.units
    sections: list[RawSection] = []
    current = RawSection(None, None, [])
    note_end = _editor_note(lines, heads, chapters, i)
    if note_end > i:
        current.body.extend(units[i:note_end])
        i = note_end
    in_endnotes = False
    while i < len(units):
        unit = units[i]
        if heads[i]:
            if current.title is not None or current.body:
                sections.append(current)
            count = heads[i]
            heading = unit if count == 1 else _join_title(unit, units[i + 1])
            current = RawSection(heading, units[i + count], [])
            i += count + 1
            in_endnotes = False
            continue
        if chapters[i] or bare[i]:
            if current.title is not None or current.body:
                sections.append(current)
            cut = endnotes_heading(unit.text)
            in_endnotes = bool(cut)
            if cut and cut < len(unit.text):  # 注释 ⑴…: the heading, then the first note
                rest = unit.text[cut:].lstrip(" \u3000\u00a0")
                current = RawSection(Unit(unit.text[:cut], unit.line, unit.gap_before), None, [])
                units[i] = Unit(rest, unit.line, False, indent=unit.indent, width=unit.width)
                units[i].role = "note"
                current.body.append(units[i])
                i += 1
                continue
            current = RawSection(unit, None, [])
            i += 1
            continue
        if in_endnotes:
            unit.role = "note"  # a note starts at its marker (⑴); the lines after it continue it
        elif (
            current.title is not None
            and is_subheading(unit.text)
            and (not current.body or lines.boundary(i))
            and lines.title_like(i)
        ):
            unit.role = "subheading"
        current.body.append(unit)
        i += 1
    if current.title is not None or current.body or not sections:
        sections.append(current)
    return sections


def _lone_bylines(lines: _Lines, heads: list[int]) -> list[tuple[int, str]]:
    """Byline-shaped lines in a compilation that no title stands above: read as body text, a guess."""
    taken = {j for i, count in enumerate(heads) if count for j in range(i, i + count + 1)}  # titles, bylines
    found = []
    for j in range(1, lines.n):
        unit = lines.units[j]
        if lines.byline[j] is None or j in taken or lines.title_like(j - 1) or len(unit.text) > MAX_TITLE:
            continue
        unit.alone = True
        found.append((unit.line, "shaped like a byline, but no speech title stands above it: read as body text"))
    return found
