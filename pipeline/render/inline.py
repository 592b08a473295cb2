"""Marks as renderers need them: runs of text with the formatting that covers
each, footnote numbers, and a paragraph's translation with its marks.

Marks are standoff spans that may overlap; :func:`runs` cuts the text at every
mark boundary, so that each run carries the set of span marks over it. A
writer that opens the run's marks, writes the text and closes them again
produces well-nested markup whatever the spans were. Empty marks (a footnote
reference, a line break) are runs of their own with no text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from pipeline.model import Document, Edition, Mark, Paragraph

# Outermost first: a link around emphasis around code.
ORDER = {"link": 0, "language": 1, "strong": 2, "emphasis": 3, "superscript": 4, "subscript": 5, "code": 6,
         "footnote": 7}  # a footnote reference over text (a book's own number): renderers replace that text


@dataclass(frozen=True)
class Run:
    text: str
    marks: tuple[Mark, ...] = ()  # span marks over this text, outermost first
    point: Mark | None = None  # an empty mark (footnote reference, line break) standing here

    def has(self, kind: str) -> Mark | None:
        return next((m for m in self.marks if m.kind == kind), None)


def runs(text: str, marks: Sequence[Mark]) -> list[Run]:
    """``text`` cut into runs at every mark boundary (see the module doc)."""
    spans = [m for m in marks if m.end > m.start and 0 <= m.start and m.end <= len(text) and m.kind in ORDER]
    points = sorted((m for m in marks if m.start == m.end and 0 <= m.start <= len(text)), key=lambda m: m.start)
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans), *(m.start for m in points)})
    out: list[Run] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        for point in (p for p in points if p.start == a):
            out.append(Run("", point=point))
        if b is None or b <= a:
            continue
        over = tuple(sorted((m for m in spans if m.start <= a and m.end >= b), key=lambda m: ORDER[m.kind]))
        out.append(Run(text[a:b], over))
    return out


def target_with_marks(edition: Edition, paragraph: Paragraph) -> tuple[str, tuple[Mark, ...]]:
    """The paragraph's translation (as ``Edition.target_of`` joins it) with its segments' marks on it."""
    text = edition.target_of(paragraph)
    marks: list[Mark] = []
    pos = 0
    for segment in paragraph.segments:
        translation = edition.translations.get(segment.id)
        if translation is None or not translation.target.strip():
            continue
        part = translation.target
        found = text.find(part.strip(), pos)
        if found < 0:
            continue
        shift = found - (len(part) - len(part.lstrip()))
        for mark in translation.marks:
            start, end = mark.start + shift, mark.end + shift
            if found <= start <= end <= found + len(part.strip()) + (1 if mark.start == mark.end else 0):
                marks.append(replace(mark, start=min(start, len(text)), end=min(end, len(text))))
        pos = found + len(part.strip())
    return text, tuple(marks)


def note_numbers(document: Document) -> dict[str, int]:
    """Footnote number of each note paragraph id, in order of first reference (then the rest)."""
    numbers: dict[str, int] = {}
    for block in document.blocks():
        for mark in block.marks:
            if mark.kind == "footnote" and mark.href and mark.href not in numbers:
                numbers[mark.href] = len(numbers) + 1
    for note in document.notes:
        numbers.setdefault(note.id, len(numbers) + 1)
    return numbers
