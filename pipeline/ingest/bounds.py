"""What keeps a text source's build bounded: no paragraph too long to be one,
no more segments than the size limit allows.

A text whose line breaks were lost (a web extraction, a converter that wrote
the book on one line) reaches the reader as one "paragraph" of megabytes.
Nobody writes a paragraph of :data:`MAX_PARAGRAPH_CHARS` characters; every
output holds a paragraph whole (an EPUB ``<p>``, a Word paragraph, the
context of a translation request), so :func:`divide` cuts such a body
paragraph into paragraphs of at most that length, each ending where a
sentence ends (as :func:`pipeline.segment.split_sentences` reads the end of
each piece), and reports the division as a ``cut`` repair. A stretch without
any sentence end is not divided (the segmenter cuts its sentence into
bounded segments and says so). Time is linear in the paragraph: only a
window before each cut is read again.

A build's memory grows with the number of segments (a row of the review DOCX,
a memory entry, a request each), not only with the bytes: a text of
three-character sentences holds three times the segments of prose of its
size. :func:`check_sentences` counts the sentence ends of a decoded text
(cheaply, before anything is segmented) and refuses, in one line naming the
file, a text with more than :data:`SEGMENTS_PER_MB` for each MB of the size
limit (``max_source_mb``): at the default 40 MB, 800,000 segments, what a
build holds in under 2 GB (``bench/large_source.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.structure import Unit
from pipeline.model import Repair

MAX_PARAGRAPH_CHARS = 20_000
SEGMENTS_PER_MB = 20_000  # of max_source_mb: 800,000 segments at the default 40 MB
# A sentence end as the splitter of most scripts sees one: a run of end marks, a period before a space.
_SENTENCE_END = re.compile(r"[。！？；!?…।۔։။።។؟]+[”’」』）)\"']*|\.+[”’\"')]*(?=\s)")


def check_sentences(text: str, *, max_bytes: int, path) -> None:
    """Refuse (SourceError naming ``path``) a text with more sentence ends than ``max_bytes`` allows
    segments (:data:`SEGMENTS_PER_MB`), before it is segmented (see the module doc)."""
    from pipeline.errors import SourceError
    from pipeline.fileio import MB

    allowed = max(1, max_bytes // MB) * SEGMENTS_PER_MB
    if len(text) <= allowed:  # a sentence takes at least a character
        return
    count = 0
    for count, _ in enumerate(_SENTENCE_END.finditer(text), 1):
        if count > allowed:
            break
    if count > allowed:
        limit = max(1, max_bytes // MB)
        raise SourceError(
            f"has more than {allowed:,} sentences, the most a source may hold with max_source_mb = {limit} "
            f"({SEGMENTS_PER_MB:,} a MB: a build's memory grows with its segments); split it into parts, "
            "or raise max_source_mb in diglot.toml on a machine with the memory for it", path=path)


def divide(units: list[Unit], language: str, limit: int = MAX_PARAGRAPH_CHARS) -> tuple[list[Unit], list[Repair]]:
    """``units`` with every body or note paragraph over ``limit`` characters divided (see the module doc)."""
    out: list[Unit] = []
    repairs: list[Repair] = []
    for unit in units:
        if len(unit.text) <= limit or unit.role not in ("body", "note"):
            out.append(unit)
            continue
        pieces = _pieces(unit.text, language, limit)
        if len(pieces) == 1:  # no sentence end to divide it at
            out.append(unit)
            continue
        out.extend(replace(unit, text=piece, gap_before=unit.gap_before if n == 0 else True)
                   for n, piece in enumerate(pieces))
        repairs.append(Repair(
            kind="cut", lines=(unit.line,),
            detail=f"a paragraph of {len(unit.text):,} characters (a text without its line "
                   f"breaks?) was divided at sentence ends into {len(pieces):,} paragraphs of up to "
                   f"{limit:,} characters; check where its paragraphs should end"))
    return out, repairs


def _pieces(text: str, language: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, each ending at the last sentence end in
    the second half of its window; where none is there the piece runs on to the next one (a stretch
    without any end mark stays whole: the segmenter cuts it, and says so). White space at the cuts is
    dropped (it is between paragraphs now)."""
    from pipeline.segment import split_sentences

    pieces: list[str] = []
    start = 0
    step = limit // 2
    while len(text) - start > limit:
        low, end = start + step, start + limit
        cut = 0
        while low < len(text):
            sentences = split_sentences(text[low:end], language)
            if len(sentences) > 1:  # the window's last sentence may run on past it: cut before it
                cut = min(end, len(text)) - len(sentences[-1])
                break
            low, end = end, end + step  # no sentence end yet: the paragraph runs on
        if not cut:
            break
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces
