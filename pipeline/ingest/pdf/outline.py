"""Headings from the PDF's own outline (its bookmarks), where it has one.

Word processors and e-book converters write the document's headings into the
PDF's outline, with their levels and pages. Each outline entry is looked for
among the paragraphs on its page (or the next: a destination at the foot of a
page), the heading line whose text is the entry's (case, spaces and
punctuation aside; a heading set on two lines may stand as two paragraphs, or
the entry may add a number the page does not print). The paragraph found is
a heading of the entry's level, whatever its type size; headings by type size
that no entry names stay headings, a level below the outline's deepest (those
set larger than every named one before the first, a title the outline leaves
out, above them). An
entry found on no page (a bookmark to a picture, to a page's top) changes
nothing.
"""

from __future__ import annotations

import re

from pipeline.ingest.pdf.layout import Block

_NOT_LETTERS = re.compile(r"[\W_]+")


def contents_pages(blocks: list[Block], outline: tuple[tuple[int, str, int], ...]) -> set[int]:
    """The pages that list the outline: three entries or more printed there, each a paragraph of its
    own, that lead to other pages (a book's contents, which an e-book converter prints too)."""
    leads = {}
    for _, title, page in outline:
        if key := _key(title):
            leads.setdefault(key, set()).add(page)
    listed: dict[int, int] = {}
    for block in blocks:
        key = _key(block.text)
        if block.lines and key and any(key == entry or (entry.endswith(key) and len(key) >= 0.6 * len(entry))
                                       for entry in leads if block.page not in leads[entry]):
            listed[block.page] = listed.get(block.page, 0) + 1
    return {page for page, n in listed.items() if n >= 3}


def apply(blocks: list[Block], outline: tuple[tuple[int, str, int], ...], contents: set[int] = frozenset()) -> int:
    """Mark the outline's headings in ``blocks`` (in place); the number of entries found. An entry whose
    page is one of ``contents`` (the pages that list the outline) is looked for from the page after it:
    an e-book's outline may lead an entry without a place of its own (an author's name over his
    stories) to its contents page."""
    entries = [(level, key, page if page not in contents else page + 1)
               for level, title, page in outline if (key := _key(title))]
    if not entries:
        return 0
    deepest = max(level for level, _, _ in entries)
    found: dict[int, int] = {}  # index of the block -> level
    start = 0
    for level, key, page in entries:
        hit = _find(blocks, key, page, start)
        if hit is None:
            continue
        first, last = hit
        found[first] = level
        if last > first:  # a heading set on two lines read as two paragraphs: one heading again
            _merge(blocks, first, last)
            found = {(i if i <= first else i - (last - first)): lv for i, lv in found.items()}
        start = first + 1
    if not found:
        return 0
    named = max(blocks[i].lines[0].size for i in found)
    above = sorted({round(b.lines[0].size) for b in blocks[:min(found)]  # a title the outline leaves out
                    if b.kind == "heading" and b.sized and b.lines[0].size > named + 0.5}, reverse=True)
    for index, block in enumerate(blocks):
        if index in found:
            block.kind, block.level, block.sized, block.named = "heading", found[index] + len(above), True, True
        elif block.kind == "heading" and index < min(found) and round(block.lines[0].size) in above:
            block.level = above.index(round(block.lines[0].size)) + 1
        elif block.kind == "heading":
            block.level = deepest + len(above) + 1
    return len(found)


def _key(text: str) -> str:
    return _NOT_LETTERS.sub("", text).casefold()


def _find(blocks: list[Block], key: str, page: int, start: int) -> tuple[int, int] | None:
    """(first, last) index of the paragraphs on ``page`` or the next that print the entry ``key``."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        if block.page < page or not block.lines or block.kind == "note":
            continue
        if block.page > page + 1:
            return None
        text = _key(block.text)
        if not text or len(block.text) > 3 * len(key) + 40:
            continue
        if text == key or (key.endswith(text) and len(text) >= 0.6 * len(key)):
            return index, index  # the entry may add a number ("Chapter 1 ...") the page prints apart
        if key.startswith(text) and index + 1 < len(blocks) and key == text + _key(blocks[index + 1].text):
            return index, index + 1
    return None


def _merge(blocks: list[Block], first: int, last: int) -> None:
    head = blocks[first]
    for block in blocks[first + 1:last + 1]:
        shift = len(head.text) + 1
        head.text += " " + block.text
        head.lines.extend(block.lines)
        head.spans.extend((a + shift, b + shift, span) for a, b, span in block.spans)
        head.links.extend((a + shift, b + shift, url) for a, b, url in block.links)
    del blocks[first + 1:last + 1]
