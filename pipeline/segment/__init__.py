"""Segment: paragraphs to sentences, with stable ids.

``split_sentences(text, language)`` cuts one paragraph; ``''.join`` of the
result is the paragraph again, character for character (whitespace between
sentences stays with the sentence before it). ``segment_document(doc)`` fills
every paragraph's ``segments`` with ids ``{paragraph_id}.{n}`` (1-based), so
that a segment's id depends only on its own paragraph's text.

What ends a sentence in each language: :mod:`pipeline.segment.split` (the
pass), :mod:`pipeline.segment.periods` (abbreviations, initials, ordinals),
:mod:`pipeline.segment.spans` (title brackets, one-line numbered lists), and
the word lists per language in :mod:`pipeline.segment.data_latin` and
:mod:`pipeline.segment.data_scripts`.

A sentence longer than ``MAX_SEGMENT_CHARS`` (a line without punctuation, a
machine dump) is cut into parts of at most that length, at the last clause
mark or space in the part where there is one, else hard; each cut paragraph
is reported as a ``cut`` repair on the document. Memory and time stay linear
in the length of a paragraph, whatever its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from pipeline import languages
from pipeline.model import Byline, Document, Mark, Paragraph, Repair, Section, Segment
from pipeline.segment.split import split_sentences

__all__ = ["project_marks", "segment_document", "segment_paragraph", "split_sentences"]

MAX_SEGMENT_CHARS = 2000
_SOFT_BREAK = re.compile(r"[，；：、,;:\s]")


def _cut(sentence: str, limit: int) -> list[str]:
    """``sentence`` in parts of at most ``limit`` characters (see the module doc)."""
    parts: list[str] = []
    start = 0
    while len(sentence) - start > limit:
        window = sentence[start : start + limit]
        end = limit
        for match in _SOFT_BREAK.finditer(window, limit * 3 // 4):
            end = match.end()  # the last soft break in the window's last quarter
        parts.append(sentence[start : start + end])
        start += end
    parts.append(sentence[start:])
    return parts


# Marks a sentence boundary never falls inside.
_UNBROKEN = frozenset({"code", "link"})


def _keep_marks_whole(sentences: list[str], marks: tuple[Mark, ...]) -> list[str]:
    """Join sentences whose boundary would cut a code span or a link in two."""
    if not marks:
        return sentences
    spans = sorted((m.start, m.end) for m in marks if m.kind in _UNBROKEN and m.end - m.start > 1)
    if not spans:
        return sentences
    groups: list[list[str]] = []  # joined once at the end: a link over 10,000 sentences is no quadratic copy
    offset = 0
    at = 0  # spans[at] is the first span that may still hold a boundary at or after offset
    reach = -1  # the furthest end of the spans that start before offset
    for sentence in sentences:
        while at < len(spans) and spans[at][0] < offset:
            reach = max(reach, spans[at][1])
            at += 1
        if groups and offset < reach:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
        offset += len(sentence)
    return ["".join(group) for group in groups]


def _marks_of(marks: tuple[Mark, ...], sentences: list[str]) -> list[tuple[Mark, ...]]:
    """:func:`project_marks` for every sentence at once (the sentences joined are the paragraph).

    Each mark is looked up by bisection, so that a paragraph with many
    sentences and many marks costs their sum, not their product.
    """
    starts: list[int] = []
    ends: list[int] = []
    offset = 0
    for sentence in sentences:
        starts.append(offset)
        offset += len(sentence)
        ends.append(offset)
    found: list[list[Mark]] = [[] for _ in starts]  # each in paragraph order, as marks are
    for mark in marks:
        if mark.start == mark.end:
            first = 0 if mark.start == 0 else bisect_left(ends, mark.start)
            last = first + 1
        else:
            first, last = bisect_right(ends, mark.start), bisect_left(starts, mark.end)
        for n in range(first, min(last, len(starts))):
            found[n].append(mark)
    return [project_marks(tuple(near), starts[n], ends[n]) if near else () for n, near in enumerate(found)]


def project_marks(marks: tuple[Mark, ...], start: int, end: int) -> tuple[Mark, ...]:
    """The paragraph marks that fall in ``[start, end)``, clipped, with offsets into that span.

    A mark across a sentence boundary is cut in two, one part per segment. An
    empty mark (a footnote reference, a line break) belongs to the segment it
    follows: the one with ``start < offset <= end`` (the first segment takes one
    at offset 0).
    """
    out = []
    for mark in marks:
        if mark.start == mark.end:
            if start < mark.start <= end or (mark.start == start == 0):
                out.append(replace(mark, start=mark.start - start, end=mark.end - start))
            continue
        lo, hi = max(mark.start, start), min(mark.end, end)
        if hi > lo:
            out.append(replace(mark, start=lo - start, end=hi - start))
    return tuple(out)


def segment_paragraph(paragraph: Paragraph, language: str, *, max_chars: int = MAX_SEGMENT_CHARS) -> Paragraph:
    """The paragraph with its segments (ids ``{paragraph.id}.{n}``, offsets in ``start``).

    Each segment carries the paragraph's marks that fall in it (see
    :func:`project_marks`). A ``code`` paragraph is one segment, never split.
    A sentence over ``max_chars`` is cut into parts (see the module doc).
    """
    return _segmented(paragraph, language, max_chars)[0]


def _segmented(paragraph: Paragraph, language: str, max_chars: int) -> tuple[Paragraph, int]:
    """The segmented paragraph and the length of the longest sentence that had to be cut (0: none)."""
    if paragraph.role == "code":
        sentences = [paragraph.text] if paragraph.text else []
    else:
        sentences = _keep_marks_whole(split_sentences(paragraph.text, language), paragraph.marks)
    longest_cut = max((len(s) for s in sentences if len(s) > max_chars), default=0)
    if longest_cut:
        sentences = [part for s in sentences for part in (_cut(s, max_chars) if len(s) > max_chars else (s,))]
    marks = _marks_of(paragraph.marks, sentences) if paragraph.marks else None
    segments = []
    offset = 0
    for n, sentence in enumerate(sentences, start=1):
        segments.append(Segment(id=f"{paragraph.id}.{n}", text=sentence, start=offset,
                                marks=marks[n - 1] if marks else ()))
        offset += len(sentence)
    return replace(paragraph, segments=tuple(segments)), longest_cut


def segment_document(doc: Document) -> Document:
    """The document with every paragraph's segments filled (headings, bylines and notes too)."""
    language = languages.check(doc.language)
    cuts: list[Repair] = []

    def seg(paragraph: Paragraph | None) -> Paragraph | None:
        if paragraph is None:
            return None
        done, longest = _segmented(paragraph, language, MAX_SEGMENT_CHARS)
        if longest:
            cuts.append(Repair(
                kind="cut", lines=(paragraph.line,) if paragraph.line else (),
                detail=f"a sentence of {longest} characters without an end mark was cut into segments of at "
                       f"most {MAX_SEGMENT_CHARS} characters ({paragraph.id}); check where it should end"))
        return done

    sections: list[Section] = []
    for section in doc.sections:
        byline = section.byline
        if byline is not None:
            byline = Byline(paragraph=seg(byline.paragraph), affiliation=byline.affiliation, name=byline.name)
        sections.append(
            replace(
                section,
                title=seg(section.title),
                byline=byline,
                paragraphs=tuple(seg(p) for p in section.paragraphs),
            )
        )
    title, subtitle, notes = seg(doc.title), seg(doc.subtitle), tuple(seg(p) for p in doc.notes)
    return replace(doc, title=title, subtitle=subtitle, sections=tuple(sections), notes=notes,
                   repairs=doc.repairs + tuple(cuts))
