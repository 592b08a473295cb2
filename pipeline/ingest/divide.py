"""A paragraph too long to be one, divided at sentence ends.

A text whose line breaks were lost (a web extraction, a converter that wrote
the book on one line) reaches the reader as one "paragraph" of megabytes.
Nobody writes a paragraph of :data:`MAX_PARAGRAPH_CHARS` characters; every
output holds a paragraph whole (an EPUB ``<p>``, a Word paragraph, the
context of a translation request), so :func:`divide` cuts such a body
paragraph into paragraphs of at most that length, each ending where a
sentence ends (as :func:`pipeline.segment.split_sentences` reads the end of
each piece; only a stretch without any sentence end is cut at a clause mark
or space, else hard), and reports each division as a ``cut`` repair. Time is
linear in the paragraph: only a window before each cut is read again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.structure import Unit
from pipeline.model import Repair

MAX_PARAGRAPH_CHARS = 20_000
_SOFT_BREAK = re.compile(r"[，；：、,;:\s]")


def divide(units: list[Unit], language: str, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[Unit], list[Repair]]:
    """``units`` with every body or note paragraph over ``limit`` characters divided (see the module doc)."""
    out: list[Unit] = []
    repairs: list[Repair] = []
    for unit in units:
        if len(unit.text) <= limit or unit.role not in ("body", "note"):
            out.append(unit)
            continue
        pieces = _pieces(unit.text, language, limit)
        out.extend(replace(unit, text=piece, gap_before=unit.gap_before if n == 0 else True)
                   for n, piece in enumerate(pieces))
        repairs.append(Repair(
            kind="cut", lines=(unit.line,),
            detail=f"line {unit.line}: a paragraph of {len(unit.text):,} characters (a text without its line "
                   f"breaks?) was divided at sentence ends into {len(pieces):,} paragraphs of at most "
                   f"{limit:,} characters; check where its paragraphs should end"))
    return out, repairs


def _pieces(text: str, language: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, each ending at a sentence end where one is
    in the last half of its window; white space at the cuts is dropped (it is between paragraphs now)."""
    from pipeline.segment import split_sentences

    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        low = start + limit // 2
        sentences = split_sentences(text[low:end], language)
        if len(sentences) > 1:  # the window's last sentence may run on past it: cut before it
            cut = end - len(sentences[-1])
        else:
            cut = end
            for match in _SOFT_BREAK.finditer(text, low, end):
                cut = match.end()
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces
