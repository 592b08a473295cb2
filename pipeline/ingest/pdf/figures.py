"""Pictures in a PDF: figures with their captions, decoration listed as skipped.

A picture drawn on a page becomes a ``figure`` block where it stands in the
reading order (before the first paragraph below it):

- its caption is the paragraph right below it (or right above it, for one
  that opens with a label), across it, of a few lines: one that opens with a
  label (``Figure 3``, ``Fig. 3``, ``图 3``, ``Table 2`` …), or is set smaller
  or in italic than the body text; the caption becomes the figure's text,
  translated;
- a picture without a caption is a figure without text: the picture alone in
  the editions;
- decoration is not carried over and is listed as ``skipped`` with its page:
  a picture under a hundredth of the page, one drawn on three pages or more (an
  ornament, a logo), one under the page's text (a background), and a picture
  written inline in the page's content (no object to take it from).

The picture itself stays in the PDF: the figure's ``anchor`` (``page 3,
picture 34``) names its object, which the editions take through
:func:`pipeline.ingest.pdf.library.picture`.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.ingest.pdf.layout import Block
from pipeline.ingest.pdf.library import Page, Picture
from pipeline.model import Repair

_LABEL = re.compile(r"(?:fig(?:ure|\.)|illustration|plate|image|picture|table|chart|map|diagram|abb(?:ildung|\.)|"
                    r"figura|рис(?:унок|\.)|tableau|tabla)\s*[\dIVXivx]+|[图圖表]\s*[\d一二三四五六七八九十]+",
                    re.IGNORECASE)
SMALL = 1 / 100  # a picture under this share of the page is an ornament
REPEATED = 3  # a picture drawn on this many pages is an ornament or a logo
_ANCHOR = re.compile(r"picture (\d+)")


def picture_anchor(page: int, xref: int) -> str:
    return f"page {page}, picture {xref}"


def picture_of(anchor: str) -> int:
    """The picture object a figure's anchor names (0 when none)."""
    found = _ANCHOR.search(anchor or "")
    return int(found.group(1)) if found else 0


def picture_file(path: str, anchor: str, max_bytes: int) -> tuple[bytes, str, str] | None:
    """(bytes, media type, suffix) of the picture a figure's anchor names in the PDF at ``path``, or None
    (no such picture, unreadable, past the limits, more than ``max_bytes``)."""
    from pipeline.ingest.pdf.library import picture

    xref = picture_of(anchor)
    found = picture(path, xref) if xref and path else None
    if found is None or len(found[0]) > max_bytes:
        return None
    data, kind = found
    return data, f"image/{kind}", ".png" if kind == "png" else ".jpg"


def place(blocks: list[Block], pages: tuple[Page, ...], body: float) -> list[Repair]:
    """Turn captions into figures and add the figures without one, in place; the skipped pictures."""
    drawn = Counter(p.xref for page in pages for p in {pic.xref: pic for pic in page.pictures}.values() if p.xref)
    skipped: list[Repair] = []
    for page in pages:
        for picture in sorted(page.pictures, key=lambda p: (p.y0, p.x0)):
            why = _decoration(picture, page, drawn)
            if why:
                skipped.append(Repair(kind="skipped", lines=(), detail=f"page {page.number}: picture "
                                      f"({picture.width}×{picture.height} px) not carried over: {why}"))
                continue
            caption = _caption(blocks, picture, page.number, body)
            if caption is not None:
                caption.kind, caption.picture = "figure", picture.xref
                continue
            figure = Block([], "figure", picture=picture.xref, at=page.number)
            blocks.insert(_position(blocks, picture, page.number), figure)
    return skipped


def _decoration(picture: Picture, page: Page, drawn: Counter) -> str:
    area = (picture.x1 - picture.x0) * (picture.y1 - picture.y0)
    if picture.xref == 0:
        return "written inline in the page (no picture object to take)"
    if area < SMALL * page.width * page.height:
        return "an ornament (too small for a figure)"
    if drawn[picture.xref] >= REPEATED:
        return f"an ornament or a logo (drawn on {drawn[picture.xref]} pages)"
    under = sum(1 for line in page.lines if picture.x0 <= line.x0 and line.x1 <= picture.x1
                and picture.y0 <= line.y0 and line.y1 <= picture.y1)
    if under >= 3:
        return "a background (text is printed over it)"
    return ""


def _caption(blocks: list[Block], picture: Picture, page: int, body: float) -> Block | None:
    for block in blocks:
        if block.kind not in ("body", "note") or not block.lines or block.lines[0].page != page:
            continue
        first, last = block.lines[0], block.lines[-1]
        across = any(line.x0 < picture.x1 and line.x1 > picture.x0 for line in block.lines)
        if not across or len(block.lines) > 4 or len(block.text) > 400:
            continue
        below = picture.y1 - 2 <= first.y0 <= picture.y1 + 2.5 * body
        above = picture.y0 - 2.5 * body <= last.y1 <= picture.y0 + 2
        labelled = bool(_LABEL.match(block.text))
        styled = first.size < body - 0.4 or all(s.italic for s in first.spans if s.text.strip())
        if (below and (labelled or styled)) or (above and labelled):
            return block
    return None


def _position(blocks: list[Block], picture: Picture, page: int) -> int:
    """Where a figure without a caption stands: before the first block below it on its page, or after
    the last block of its page."""
    after = None
    for index, block in enumerate(blocks):
        if block.page > page:
            return index if after is None else after
        if block.page == page and block.lines and block.lines[0].y0 >= picture.y1 - 2:
            return index
        if block.page == page:
            after = index + 1
    return len(blocks) if after is None else after
