"""Headings where no type size says so, after the paragraphs are built (:mod:`.layout`).

- a heading set as bold lines one under the other, in body type or smaller,
  is one paragraph (:func:`stacked`);
- a short line all in bold, alone, is a heading, below the sized ones
  (:func:`bold_headings`); not on a page that lists the outline (a contents
  page), nor right under a heading in smaller type (its byline).
"""

from __future__ import annotations

from pipeline.ingest.pdf.layout import Block, _join, _vocabulary
from pipeline.ingest.pdf.library import Line, Page
from pipeline.ingest.structure import ends_sentence


def stacked(blocks: list[Block], pages: tuple[Page, ...]) -> list[Block]:
    """A heading set as bold lines in body type or smaller, one under the other (``CHAPTER I`` /
    ``HOW THE …`` / ``WITH BY …``: an e-book's ``<h5>`` with line breaks, as calibre prints it) as one
    paragraph: the lines are read apart because each is centred, or stops short of the right edge."""
    vocabulary = _vocabulary(pages)
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (last is not None and _heading_line(block) and _heading_line(last)
                and _under(last.lines[-1], block.lines[0])):
            joined = _join(last.text, block.text, vocabulary)
            shift = len(joined) - len(block.text)
            last.text = joined
            last.lines.extend(block.lines)
            last.spans.extend((a + shift, b + shift, span) for a, b, span in block.spans)
            last.links.extend((a + shift, b + shift, url) for a, b, url in block.links)
            last.stacked = True
        else:
            out.append(block)
    return out


def _heading_line(block: Block) -> bool:
    return (block.kind == "body" and not block.picture and all(ln.bold and not ln.row for ln in block.lines)
            and len(block.lines) <= 3 and len(block.text) <= 200 and not ends_sentence(block.text))


def _under(above: Line, line: Line) -> bool:
    """``line`` right below ``above``, in the same size, both centred on the same middle or starting at the
    same left edge."""
    size = max(line.size, 1.0)
    return (line.page == above.page and abs(line.size - above.size) <= 0.5
            and -0.4 * size <= line.y0 - above.y1 < 0.6 * size  # (a tall line's box may reach into the next)
            and (abs((line.x0 + line.x1) - (above.x0 + above.x1)) / 2 <= 3 + 0.02 * max(line.x1 - line.x0, 1.0)
                 or abs(line.x0 - above.x0) <= 1))


def bold_headings(blocks: list[Block], contents: set[int] = frozenset()) -> None:
    """A short line all in bold, alone, is a heading where no size says so (below the sized ones); not
    on a page of ``contents`` (its entries), nor right under a heading in smaller type (its byline)."""
    below = 1 + max((b.level for b in blocks if b.kind == "heading"), default=0)
    for index, block in enumerate(blocks):
        if block.page in contents or (index and _byline(blocks[index - 1], block)):
            continue
        if block.kind == "body" and ((len(block.lines) == 1 and block.lines[0].bold and len(block.text) <= 80)
                                     or block.stacked):
            block.kind, block.level = "heading", below


def _byline(heading: Block, block: Block) -> bool:
    """``block`` right under the heading ``heading``, in smaller type: its author (``HANS CHRISTIAN ANDERSEN``
    under ``THE REAL PRINCESS``)."""
    if heading.kind != "heading" or not heading.lines or not block.lines or heading.page != block.page:
        return False
    above, line = heading.lines[-1], block.lines[0]
    return line.size < above.size - 0.5 and 0 <= line.y0 - above.y1 < 3 * above.size
