"""Footnotes in a PDF: the note at the foot of the page linked from its reference.

A footnote is smaller type in the lower part of a page (``layout`` calls such a
block a ``note``), or any line that opens with its small raised number (an
endnote too); it starts with its number or sign (``1``, ``*``, ``†``, ``i``).
Its reference is a superscript span with the same number or sign in the body
text, on the same page for a footnote, before it for an endnote. Where both are
found, the reference leaves the text and becomes a point ``footnote`` mark, and
the note (its number taken off) goes to ``Document.notes``, as the DOCX and EPUB
readers give them. A note whose reference is not found stays where it stands,
a paragraph of role ``note``.
"""

from __future__ import annotations

import re

from pipeline.ingest.pdf.layout import Block

_NUMBER = re.compile(r"\s*(\d{1,3}|[*†‡§]|[ivx]{1,4})[.)]?\s+")


def _note_for(candidates, page: int):
    """The note a reference on ``page`` points to: the first with its marker on that page or after it
    (a footnote at the foot of the page, else an endnote further on)."""
    return next((note for note in candidates if note.page >= page), None)


def link(blocks: list[Block]) -> tuple[list[Block], list[Block], dict[int, list[tuple[int, int]]]]:
    """(body blocks, linked note blocks, references): ``references[id(body block)]`` holds
    (offset in its text, index into the note blocks) for each footnote mark."""
    notes: dict[str, list[Block]] = {}  # by marker, in reading order
    for block in blocks:
        found = _NUMBER.match(block.text) if block.kind == "note" else None
        if found:
            notes.setdefault(found.group(1), []).append(block)
    linked: list[Block] = []
    references: dict[int, list[tuple[int, int]]] = {}
    for block in blocks:
        if block.kind == "note":
            continue
        for start, end, span in reversed(list(block.spans)):
            note = _note_for(notes.get(span.text.strip(), ()), block.page) if span.superscript else None
            if note is None or end > len(block.text) or block.text[start:end].strip() != span.text.strip():
                continue
            block.text = block.text[:start] + block.text[end:]
            block.spans = [(a if a < end else a - (end - start), b if b <= start else b - (end - start), s)
                           for a, b, s in block.spans if (a, b, s) != (start, end, span)]
            placed = references.setdefault(id(block), [])
            placed[:] = [(at - (end - start), n) for at, n in placed]  # those further right move left
            if not any(n is note for n in linked):
                linked.append(note)
            placed.append((start, next(i for i, n in enumerate(linked) if n is note)))
    order = sorted(range(len(linked)), key=lambda i: next(j for j, b in enumerate(blocks) if b is linked[i]))
    renumber = {old: new for new, old in enumerate(order)}
    linked = [linked[i] for i in order]  # the notes in reading order
    references = {key: sorted((at, renumber[i]) for at, i in placed) for key, placed in references.items()}
    for note in linked:
        found = _NUMBER.match(note.text)
        if found:
            note.text = note.text[found.end():]
            note.spans = [(max(0, a - found.end()), max(0, b - found.end()), s) for a, b, s in note.spans]
    body = [b for b in blocks if not any(b is n for n in linked)]
    return body, linked, references
