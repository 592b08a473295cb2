"""Inline formatting through translation: the source's marks placed on the target.

The engine translates plain text; :func:`place_marks` then puts each source
:class:`~pipeline.model.Mark` on the translation, most certain first:

``exact``
    the mark covers the whole segment (→ the whole translation), a glossary
    term (→ where the checker found that term's target, ``TermCheck.span``),
    or a string the translation carries verbatim (a number, a name, a URL, a
    Latin word); an empty mark (a footnote reference) at the very start or
    end of the source goes to the start or end of the translation;
``aligned``
    the model's own word alignment (CTranslate2 attention, argmax per target
    token): the target tokens aligned to the source tokens under the mark;
``appended``
    a link or a footnote reference that could not be placed is never dropped:
    the reference goes at the end of the sentence, the link onto its last word.

Other marks that cannot be placed (an emphasis the alignment does not reach)
are left off. Code spans are never sent to the model (:func:`model_text` cuts
them out) and come back verbatim, inserted where the alignment puts the text
before them, or at the end. A segment that is code and nothing else is its
own translation (:func:`verbatim`).

Alignment is a sequence of ``(source_start, source_end, target_start,
target_end)`` character spans, source offsets in :func:`model_text`'s text,
target offsets in the translation (see ``Hypothesis.alignment``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Iterable, Sequence

from pipeline.model import Mark

PLACEMENTS = ("exact", "aligned", "appended")
NEVER_DROPPED = frozenset({"link", "footnote"})
Alignment = Sequence[tuple[int, int, int, int]]
_WORD = re.compile(r"\w+", re.UNICODE)


def _is_trailer(char: str) -> bool:
    """Sentence punctuation, closing quotes and spaces: what may follow a whole-sentence mark."""
    return char.isspace() or unicodedata.category(char)[0] == "P"


def code_spans(marks: Iterable[Mark]) -> list[tuple[int, int]]:
    """The source spans of code marks, merged and in order."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((m.start, m.end) for m in marks if m.kind == "code" and m.end > m.start):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def verbatim(source: str, marks: Iterable[Mark]) -> bool:
    """True when code covers every non-space character of the source: never translated."""
    covered = set()
    for start, end in code_spans(marks):
        covered.update(range(start, end))
    return bool(source.strip()) and all(i in covered or c.isspace() for i, c in enumerate(source))


class _Cut:
    """The source with its code spans cut out, and offsets between the two."""

    def __init__(self, source: str, marks: Iterable[Mark]):
        self.pieces: list[tuple[int, int, int]] = []  # (source start, source end, model start)
        text = ""
        pos = 0
        for start, end in code_spans(marks) + [(len(source), len(source))]:
            piece_start = pos
            if text.endswith(" ") and source[pos:pos + 1] == " ":
                piece_start += 1  # no double space where a code span was
            self.pieces.append((piece_start, start, len(text)))
            text += source[piece_start:start]
            pos = end
        self.text = text

    def to_model(self, offset: int) -> int:
        for start, end, at in self.pieces:
            if offset <= end:
                return at + max(0, offset - start)
        return len(self.text)


def model_text(source: str, marks: Iterable[Mark]) -> str:
    """What the engine is given: the source without its code spans."""
    marks = tuple(marks)
    return _Cut(source, marks).text if any(m.kind == "code" for m in marks) else source


def _end_of_sentence(target: str) -> int:
    """Where an appended reference goes: after the sentence's last word, before its final punctuation."""
    end = len(target.rstrip())
    while end > 0 and _is_trailer(target[end - 1]):
        end -= 1
    return end if end > 0 else len(target.rstrip())


def _point(alignment: Alignment, offset: int) -> int | None:
    """Target offset just after what the source text before ``offset`` was aligned to."""
    before = [a for a in alignment if a[1] <= offset and a[1] > a[0]]
    if not before:
        return None
    last_source = max(a[1] for a in before)
    return max(a[3] for a in before if a[1] == last_source)


def _aligned_span(alignment: Alignment, start: int, end: int, target: str) -> tuple[int, int] | None:
    spans = [(a[2], a[3]) for a in alignment if a[0] < end and a[1] > start and a[3] > a[2]]
    if not spans:
        return None
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    while lo < hi and target[lo].isspace():
        lo += 1
    while hi > lo and target[hi - 1].isspace():
        hi -= 1
    return (lo, hi) if hi > lo else None


def _last_word(target: str) -> tuple[int, int] | None:
    words = list(_WORD.finditer(target))
    return (words[-1].start(), words[-1].end()) if words else None


def place_marks(
    source: str,
    marks: Sequence[Mark],
    target: str,
    *,
    terms: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    alignment: Alignment = (),
) -> tuple[str, tuple[Mark, ...]]:
    """(target with code spans put back, marks placed on it); see the module doc.

    ``terms``: ``((source_start, source_end), (target_start, target_end))`` for
    each glossary term found in both.
    """
    if not marks:
        return target, ()
    if verbatim(source, marks):
        return source, tuple(replace(m, placement="exact") for m in marks)
    if not target.strip():
        return target, ()
    cut = _Cut(source, marks)
    placed: list[Mark] = []
    used: set[tuple[int, int]] = set()
    for mark in marks:
        if mark.kind == "code":
            continue
        span, how = _place_one(source, mark, target, terms, alignment, cut, used)
        if span is not None:
            used.add(span)
            placed.append(replace(mark, start=span[0], end=span[1], placement=how))
    return _insert_code(source, marks, target, placed, alignment, cut)


def _place_one(source, mark, target, terms, alignment, cut, used):
    tgt_end = len(target.rstrip())
    tgt_start = len(target) - len(target.lstrip())
    if mark.start == mark.end:
        if not source[mark.start:].strip():
            return (tgt_end, tgt_end), "exact"
        if not source[:mark.start].strip():
            return (tgt_start, tgt_start), "exact"
        point = _point(alignment, cut.to_model(mark.start))
        if point is not None:
            return (point, point), "aligned"
        if mark.kind in NEVER_DROPPED:
            end = _end_of_sentence(target)
            return (end, end), "appended"
        return None, ""
    covered = source[mark.start:mark.end]
    lo = mark.start + len(covered) - len(covered.lstrip())
    hi = mark.end - (len(covered) - len(covered.rstrip()))
    if not source[:lo].strip() and all(_is_trailer(c) for c in source[hi:]):
        end = tgt_end
        if source[hi:].strip():  # the source's final punctuation is outside the mark: the target's too
            end = max(_end_of_sentence(target), tgt_start)
        if end > tgt_start:
            return (tgt_start, end), "exact"
    for (s0, s1), (t0, t1) in terms:
        if (s0, s1) == (lo, hi) and (t0, t1) not in used:
            return (t0, t1), "exact"
    needle = source[lo:hi]
    if needle:
        found = target.find(needle)
        while found >= 0 and (found, found + len(needle)) in used:
            found = target.find(needle, found + 1)
        if found >= 0:
            return (found, found + len(needle)), "exact"
    span = _aligned_span(alignment, cut.to_model(lo), cut.to_model(hi), target)
    if span is not None:
        return span, "aligned"
    if mark.kind in NEVER_DROPPED:
        word = _last_word(target)
        if word is not None:
            return word, "appended"
    return None, ""


def _insert_code(source, marks, target, placed, alignment, cut):
    """Put every code span back into the target, verbatim, and shift the other marks."""
    inserts: list[tuple[int, str, Mark]] = []
    for mark in (m for m in marks if m.kind == "code" and m.end > m.start):
        code = source[mark.start:mark.end]
        if code in target:  # the model copied it through untouched
            at = target.index(code)
            placed.append(replace(mark, start=at, end=at + len(code), placement="exact"))
            continue
        point = _point(alignment, cut.to_model(mark.start))
        how = "aligned"
        if point is None:
            point, how = _end_of_sentence(target), "appended"
        inserts.append((point, code, replace(mark, placement=how)))
    text = target
    for point, code, mark in sorted(inserts, key=lambda i: i[0], reverse=True):
        before, after = text[:point], text[point:]
        lead = " " if before and not before[-1].isspace() and _spaced(before[-1]) else ""
        trail = " " if after and not after[0].isspace() and _spaced(after[0]) and after[0].isalnum() else ""
        piece = lead + code + trail
        text = before + piece + after
        placed = [_shifted(m, point, len(piece)) for m in placed]
        start = point + len(lead)
        placed.append(replace(mark, start=start, end=start + len(code)))
    return text, tuple(sorted(placed, key=lambda m: (m.start, -m.end, m.kind)))


def _spaced(char: str) -> bool:
    return not ("\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f")


def _shifted(mark: Mark, point: int, length: int) -> Mark:
    """The mark after ``length`` characters were inserted at ``point`` (an insertion
    at a span's end stays outside it; an empty mark at the point moves after it)."""
    start = mark.start + length if mark.start >= point else mark.start
    end = mark.end + length if mark.end > point or (mark.start == mark.end and mark.start >= point) else mark.end
    return replace(mark, start=start, end=end)


def keep_references(source_marks: Sequence[Mark], target: str, marks: Sequence[Mark]) -> tuple[Mark, ...]:
    """``marks`` plus, appended, every link or footnote of the source they lack (by href)."""
    have = {(m.kind, m.href) for m in marks}
    out = list(marks)
    for mark in source_marks:
        if mark.kind in NEVER_DROPPED and (mark.kind, mark.href) not in have and target.strip():
            if mark.kind == "footnote":
                end = _end_of_sentence(target)
                span = (end, end)
            else:
                span = _last_word(target) or (0, len(target))
            out.append(replace(mark, start=span[0], end=span[1], placement="appended"))
            have.add((mark.kind, mark.href))
    return tuple(out)


def count_placements(all_marks: Iterable[Iterable[Mark]]) -> dict[str, int]:
    """How many placed marks are exact, aligned, appended."""
    counts = {p: 0 for p in PLACEMENTS}
    for marks in all_marks:
        for mark in marks:
            if mark.placement in counts:
                counts[mark.placement] += 1
    return counts


def marks_to_json(marks: Iterable[Mark]) -> list[dict]:
    """Marks as plain JSON objects (what the memory, review and --json keep)."""
    out = []
    for mark in marks:
        item = {"kind": mark.kind, "start": mark.start, "end": mark.end}
        for key in ("href", "language", "placement"):
            if getattr(mark, key):
                item[key] = getattr(mark, key)
        out.append(item)
    return out


def marks_from_json(items) -> tuple[Mark, ...]:
    """The inverse of :func:`marks_to_json`; anything malformed is left out."""
    out = []
    for item in items or ():
        try:
            out.append(Mark(str(item["kind"]), int(item["start"]), int(item["end"]), href=str(item.get("href", "")),
                            language=str(item.get("language", "")), placement=str(item.get("placement", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return tuple(out)
