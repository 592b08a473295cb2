"""From a PDF's lines to paragraphs: furniture out, reading order, paragraphs by geometry.

Decided once for the whole document first (as for plain text):

- the body text size (the size most characters have) and each page's right
  edge (where its longest lines end);
- page furniture: lines in the top or bottom tenth of the page that repeat,
  digits aside, on several pages (running headers and footers, with or
  without a changing page number or chapter title), and lines there that are
  a page number alone; each dropped and reported with its page;
- per page, the columns: two columns when most lines keep to one half of the
  page; the left column is read first, a line that spans both stays where it
  stands.

Then paragraphs by geometry: a line continues the paragraph above it unless a
gap of most of a line stands between them, it is indented against its column
or opens with a bullet, its size differs, or the line above stopped short of
the right edge (the next line's first word would have fit there). A paragraph
goes on across a page or column break when its last line ran to the right
edge without ending a sentence. Lines are joined as the plain-text reader
joins them (CJK without a space, Latin with one), after a dash without one; a
hyphen at a line end is dropped only where the document prints the whole word
elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline.ingest.pdf.library import Line, Page, Span
from pipeline.ingest.repair import join_pair
from pipeline.ingest.structure import ends_sentence, is_wide
from pipeline.model import Repair

BAND = 0.1  # top and bottom tenth of a page: where headers and footers stand
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
NOTE_RATIO = 0.88  # a line this much smaller, in the lower part of a page, is a footnote
_PAGE_NUMBER = re.compile(r"[-–—\s]*(?:\d{1,4}|[ivxlcdm]{1,7}|page\s+\d+(?:\s+of\s+\d+)?)[-–—\s]*",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

@dataclass
class Block:
    """A paragraph being built: its lines, and what kind of text it is."""

    lines: list[Line]
    kind: str = "body"  # body | heading | note | figure
    level: int = 0  # for headings: 1 for the largest size found
    sized: bool = False  # a heading by its type size (not only by its weight)
    text: str = ""
    spans: list[tuple[int, int, Span]] = field(default_factory=list)  # (start, end, span) in ``text``
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, URL) in ``text``
    named: bool = False  # a heading the PDF's outline names
    picture: int = 0  # for figures: the picture's object
    at: int = 0  # the page of a block without lines (a figure without a caption)
    stacked: bool = False  # centred bold lines put together: a heading set on several lines

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else self.at



def body_size(pages: tuple[Page, ...]) -> float:
    sizes: Counter = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text.strip())
    return max(sizes, key=sizes.__getitem__) if sizes else 10.0


def furniture(pages: tuple[Page, ...]) -> tuple[set[int], list[Repair]]:
    """ids of the lines that are page furniture, and a ``dropped`` repair for each."""
    seen: Counter = Counter()
    for page in pages:
        for key in {_key(line) for line in page.lines if _in_band(line, page)}:
            seen[key] += 1
    repeat = 2 if len(pages) <= 6 else 3
    dropped: set[int] = set()
    repairs: list[Repair] = []
    for page in pages:
        for line in page.lines:
            if not _in_band(line, page):
                continue
            text = line.text.strip()
            what = ("page number" if _PAGE_NUMBER.fullmatch(text) else
                    "running header" if line.y1 < page.height / 2 and seen[_key(line)] >= repeat else
                    "running footer" if seen[_key(line)] >= repeat else "")
            if what:
                dropped.add(id(line))
                shown = text if len(text) <= 60 else text[:57] + "…"
                repairs.append(Repair(kind="dropped", lines=(),
                                      detail=f"page {page.number}: {what} dropped: {shown!r}"))
    return dropped, repairs


def _in_band(line: Line, page: Page) -> bool:
    return not line.row and (line.y1 <= page.height * BAND or line.y0 >= page.height * (1 - BAND))


def _key(line: Line) -> str:
    """A line's text with its numbers blanked, and only its start (a header may end with the chapter)."""
    return _DIGITS.sub("#", " ".join(line.text.split()))[:24].casefold()


_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓"}  # symbol-font bullets


def _same_baseline(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line (a bullet and its item, runs in another font) as one line."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.y0):
        row = rows[-1] if rows else None
        if row is not None and not line.vertical and not line.row and not row[-1].row and _overlap(row[-1], line):
            row.append(line)
        else:
            rows.append([line])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        merged = [row[0]]
        for line in row[1:]:
            last = merged[-1]
            bullet = last.text.strip() in _ITEM_MARKS or last.text.strip() in _BULLETS
            if last.x0 <= line.x0 and line.x1 <= last.x1 + 0.5 * line.size and len(line.text.strip()) <= 3:
                merged[-1] = _inserted(last, line)  # a quote mark set in another font, drawn over the line
                continue
            if -0.5 * line.size <= line.x0 - last.x1 < (12 if bullet else 3) * line.size:
                gap = (Span(" ", line.spans[0].size, False, False, False, last.x1, line.x0),) \
                    if line.x0 - last.x1 > 0.15 * line.size else ()
                merged[-1] = Line(last.page, last.x0, min(last.y0, line.y0), line.x1, max(last.y1, line.y1),
                                  last.spans + gap + line.spans)
            else:
                merged.append(line)
        out.extend(merged)
    return [_unbulleted(line) for line in out]


def _inserted(line: Line, piece: Line) -> Line:
    """``piece`` (a mark or two) put into ``line`` where it is drawn: the span under it cut at the
    character its left edge falls on (characters taken as equally wide)."""
    spans: list[Span] = []
    placed = False
    for span in line.spans:
        if not placed and span.x0 <= piece.x0 < span.x1 and len(span.text) > 1:
            at = round((piece.x0 - span.x0) / ((span.x1 - span.x0) / len(span.text)))
            spans += [replace(span, text=span.text[:at], x1=piece.x0), *piece.spans,
                      replace(span, text=span.text[at:], x0=piece.x1)]
            placed = True
        elif not placed and piece.x0 < span.x0:
            spans += [*piece.spans, span]
            placed = True
        else:
            spans.append(span)
    if not placed:
        spans += piece.spans
    return replace(line, spans=tuple(s for s in spans if s.text), y0=min(line.y0, piece.y0), y1=max(line.y1, piece.y1))


def _overlap(a: Line, b: Line) -> bool:
    """Whether two lines share most of their height: pieces of one printed line."""
    return min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _unbulleted(line: Line) -> Line:
    if not any(c in _BULLETS for span in line.spans for c in span.text):
        return line
    spans = tuple(replace(s, text="".join(_BULLETS.get(c, c) for c in s.text)) for s in line.spans)
    return replace(line, spans=spans)


def _drop_caps(lines: list[Line], body: float) -> list[Line]:
    """A drop cap (one or two letters set several lines high) put back at the start of its word; the
    lines beside it read as flush left."""
    caps = [ln for ln in lines if len(ln.text.strip()) <= 2 and ln.text.strip().isalpha() and ln.size >= 2.5 * body]
    if not caps:
        return lines
    rest = [ln for ln in lines if not any(ln is cap for cap in caps)]
    left = min((ln.x0 for ln in rest if abs(ln.size - body) < 0.5), default=0.0)
    for cap in caps:
        beside = sorted((ln for ln in rest if cap.y0 - 0.5 * cap.size <= ln.y0 < cap.y1 and ln.x0 >= cap.x1 - 2),
                        key=lambda ln: ln.y0)
        for number, line in enumerate(beside):
            first = line.spans[0]  # the letter stands right before the line's first word
            letter = ((Span(cap.text.strip(), first.size, *_flags(first), x0=first.x0, x1=first.x0),)
                      if number == 0 else ())
            moved = Line(line.page, min(left, line.x0), line.y0, line.x1, line.y1, letter + line.spans, line.vertical)
            rest[next(i for i, ln in enumerate(rest) if ln is line)] = moved
    return rest


def _flags(span: Span) -> tuple[bool, bool, bool]:
    return span.bold, span.italic, span.superscript


def reading_order(page: Page, dropped: set[int], body: float = 10.0) -> list[Line]:
    """The page's lines, furniture out, column by column (a line across both stays where it stands)."""
    lines = _same_baseline(_drop_caps([line for line in page.lines if id(line) not in dropped], body))
    middle = page.width / 2
    left = [ln for ln in lines if ln.x1 <= middle + 4]
    right = [ln for ln in lines if ln.x0 >= middle - 4]
    if len(left) < 5 or len(right) < 5 or (len(left) + len(right)) < 0.7 * len(lines):
        return sorted(lines, key=lambda ln: (round(ln.y0, 0), ln.x0))
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(lines, key=lambda ln: ln.y0):
        if line.x0 < middle - 4 and line.x1 > middle + 4:  # spans both columns: closes the band above
            ordered.extend(_columns(band, middle))
            ordered.append(line)
            band = []
        else:
            band.append(line)
    return ordered + _columns(band, middle)


def _columns(lines: list[Line], middle: float) -> list[Line]:
    return sorted(lines, key=lambda ln: (ln.x0 >= middle - 4, ln.y0, ln.x0))


def paragraphs(pages: tuple[Page, ...], dropped: set[int], body: float) -> list[Block]:
    """The document's paragraphs in reading order, headings and footnotes told apart."""
    edges = _right_edges(pages)
    rights = {page.number: _group_edges([ln for ln in page.lines if id(ln) not in dropped and not ln.row])
              for page in pages}
    blocks: list[Block] = []
    for page in pages:
        lines = reading_order(page, dropped, body)
        left = _margin(lines, body)
        inner = _inner_edges(lines, left, edges, rights)
        indents = sum(1 for ln in lines if 0.8 * ln.size < ln.x0 - left <= 3 * ln.size and not ln.row) >= 2
        heads = _heads(lines, left)
        previous: Line | None = None
        for line in lines:
            kind = _kind(line, page, body)
            last = blocks[-1] if blocks else None
            if last is not None and last.kind == kind and not line.row and not last.lines[-1].row and (
                _heading_goes_on(last.lines[-1], line, previous) if kind == "heading"
                else _continues(last.lines[-1], line, previous, left, edges, last, inner, rights, indents,
                                     heads)
            ):
                last.lines.append(line)
            else:
                blocks.append(Block([line], kind))
            previous = line
    vocabulary = _vocabulary(pages)
    links = {page.number: page.links for page in pages}
    for block in blocks:
        _join_lines(block, vocabulary, links)
    _levels(blocks)
    return [b for b in blocks if b.text]


def _right_edges(pages: tuple[Page, ...]) -> dict[int, float]:
    """Where full lines end on each page (most lines end there or short of it)."""
    edges = {}
    for page in pages:
        ends = sorted(line.x1 for line in page.lines)
        if ends:  # ragged or justified, the longest lines reach the margin; a stray wide one does not count
            edges[page.number] = ends[min(len(ends) - 1, int(len(ends) * 0.97))]
    return edges


def _margin(lines: list[Line], body: float) -> float:
    """The left edge most body lines start at."""
    starts = Counter(round(ln.x0) for ln in lines if abs(ln.size - body) < 0.5)
    return min(starts, key=lambda x: (-starts[x], x)) if starts else 0.0


_NOTE_MARKER = re.compile(r"\d{1,3}|[*†‡§]|[ivx]{1,4}")


def _kind(line: Line, page: Page, body: float) -> str:
    if line.row:
        return "body"
    text = line.text.strip()
    if line.size >= body * HEADING_RATIO and len(text) <= 120:
        return "heading"
    if line.size <= body * NOTE_RATIO and line.y0 > page.height * 0.6 and not line.bold:
        return "note"  # (a small line all in bold is a heading: ``CHAPTER IV`` low on a page)
    first, rest = (line.spans[0], line.spans[1]) if len(line.spans) > 1 else (None, None)
    if (first is not None and _NOTE_MARKER.fullmatch(first.text.strip()) and first.size <= 0.8 * rest.size
            and (first.raised or first.superscript)):
        return "note"  # a line that opens with its small raised number: a footnote or an endnote (a small
        # number on the baseline is a print's page marker: ``[172] Many modern writers …``)
    return "body"


def _heading_goes_on(above: Line, line: Line, previous: Line | None) -> bool:
    """A heading set on several lines: the same size, right below, on the same page."""
    return (previous is above and line.page == above.page and abs(line.size - above.size) <= 0.5
            and line.y0 - above.y1 < 0.6 * line.size)


def _inner_edges(lines: list[Line], left: float, edges: dict[int, float], rights: dict) -> set[int]:
    """The left edges other than the margin that paragraphs' lines go on from (a block set in from the
    margin: a quotation, a book's introduction to a story, a Word paragraph indented as a whole), or
    that a page's paragraphs go back out from (a margin the text is set in from): where at least two
    full lines in a row, set close, start at the same place (three lines: a paragraph's first line and the
    next paragraph's, at its first-line indent, are never three in a row)."""
    runs: Counter = Counter()
    for one, two, three in zip(lines, lines[1:], lines[2:]):
        size = max(three.size, 1.0)
        if (abs(one.x0 - two.x0) <= 1 and abs(two.x0 - three.x0) <= 1 and abs(three.x0 - left) > 0.8 * size
                and all(b.y0 - a.y1 < 0.3 * size and _full(a, b, _edge_for(a, b, edges, rights))
                        for a, b in ((one, two), (two, three)))):
            runs[round(three.x0)] += 1
    return {x for x, n in runs.items() if n >= 1}


def _group_edges(lines) -> dict[int, float]:
    """Where full lines end, for each left edge three lines or more start at, whose lines are justified
    (two or more end at the same place): a block set in from the margin is set in from the right too (a
    book's introduction to a story), or a page is mostly such a block."""
    ends: dict[int, list[float]] = {}
    for line in lines:
        ends.setdefault(round(line.x0), []).append(line.x1)
    edges = {x: sorted(found)[min(len(found) - 1, int(len(found) * 0.9))] for x, found in ends.items()
             if len(found) >= 3}
    return {x: edge for x, edge in edges.items()  # justified: two lines or more end there
            if sum(1 for end in ends[x] if abs(end - edge) <= 1.5) >= 2}


def _edge_for(above: Line, line: Line, edges: dict[int, float], rights: dict | None) -> float:
    """The right edge ``above`` is measured against: that of the lines starting where the paragraph's lines
    start (``line`` on the same page, ``above`` across a page break), the page's own where none is known."""
    edge = edges.get(above.page, above.x1)
    groups = (rights or {}).get(above.page, {})
    x = line.x0 if line.page == above.page else above.x0
    found = [end for start, end in groups.items() if abs(start - x) <= 1.5]
    return min(edge, max(found)) if found else edge


def _heads(lines: list[Line], left: float) -> set[int]:
    """The left edges set out from the margin where lines start but none goes on from the line above
    (``February 2009: …`` set out from the paragraphs under it: a hanging indent); none where fewer than
    three lines start at the margin (on a page of a few lines the first lines' indent may pass for it)."""
    if sum(1 for ln in lines if abs(ln.x0 - left) <= 1.5) < 3:
        return set()
    continued = {round(b.x0) for a, b in zip(lines, lines[1:]) if abs(a.x0 - b.x0) <= 1.5}
    return {round(ln.x0) for ln in lines if left - ln.x0 > 0.8 * ln.size and not _at(ln.x0, continued)}


def _at(x: float, edges: set[int]) -> bool:
    return any(abs(x - e) <= 1.5 for e in edges)


def _continues(above: Line, line: Line, previous: Line | None, left: float, edges: dict[int, float],
               block: Block | None = None, inner: set[int] = frozenset(),
               rights: dict[int, dict[int, float]] | None = None, indents: bool = False,
               heads: set[int] = frozenset()) -> bool:
    """Whether ``line`` goes on with the paragraph ``block`` whose last line is ``above``; ``inner``: the
    page's left edges of blocks set in from the margin (:func:`_inner_edges`); ``indents``: whether the
    page starts its paragraphs with an indent; ``heads``: the page's left edges set out from the margin
    where paragraphs start and no line goes on (:func:`_heads`)."""
    first = block.lines[0] if block is not None else None
    size = max(line.size, 1.0)
    if abs(line.size - above.size) > 0.5:
        return False
    hanging = (first is not None and (_NUMBERED.match(first.text) or first.text.lstrip()[:1] in _ITEM_MARKS)
               and first.x0 < line.x0 <= first.x0 + 3 * size and line.page == above.page)
    if _at(above.x0, inner) and above.x0 - line.x0 > 0.8 * size and line.page == above.page:
        return False  # a block set in from the margin ends: the line back at the margin starts a paragraph
    if _at(line.x0, heads) and above.x0 >= left - 1 and line.page == above.page:
        return False  # a line set out from the margin after one at it: a paragraph's head (a hanging indent)
    set_in = _at(line.x0, inner) and line.x0 <= above.x0 + 1  # a set-in block's lines, its first one indented
    if (line.x0 - left > 0.8 * size and not hanging and not set_in) or line.text.lstrip()[:1] in _ITEM_MARKS:
        return False  # an indent or a bullet starts a paragraph (not the hanging indent of an item's lines)
    if _NUMBERED.match(line.text) and _NUMBERED.match(above.text):
        return False  # the next item of a numbered list
    if above.x0 - left > 3 * size and line.page == above.page and not set_in:
        return False  # the line above was set apart from the margin (centred, to the right): a line alone
    full = _full(above, line, _edge_for(above, line, edges, rights))
    if line.bold != above.bold and (not full or ends_sentence(above.text)):
        return False  # a bold line after a short one: a heading
    if line.page != above.page or previous is not above:  # a page or column break: only after a full line,
        if block is not None and len(block.lines) == 1 and above.x0 - line.x0 > 0.8 * size and not indents:
            return False  # a line alone, set in, where paragraphs are not indented: a byline set to the right
        return full and (indents or not ends_sentence(above.text))  # and a sentence's end where the text
        # marks its paragraphs by an indent, which this line does not have
    if line.y0 - above.y1 > 0.9 * size:
        return False  # a blank line's worth of space between them
    return full


_NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s")
_ITEM_MARKS = frozenset("•◦▪▫‣⁃●○■□➢✓❖–")


def _full(above: Line, line: Line, edge: float) -> bool:
    """Whether ``above`` ran to the right edge: the next line's first word would not have fit after it
    (justified and ragged-right text alike)."""
    words = line.text.split()
    first = words[0] if words else ""
    if first and is_wide(first[0]):
        first = first[:1]  # CJK wraps at any character
    width = sum(1.0 if is_wide(c) else 0.62 for c in first) * line.size + 0.4 * line.size  # generous: glyphs vary
    return edge - above.x1 < width


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _vocabulary(pages: tuple[Page, ...]) -> set[str]:
    """Every word the document prints whole on a line (lower case), to judge a hyphen at a line end."""
    return {word.casefold() for page in pages for line in page.lines for word in _WORD.findall(line.text)}


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    """Two lines of a paragraph as one: CJK without a space, after a dash without one; a word split by a
    hyphen whole again where the document prints it whole elsewhere (trans- + lation), kept where it
    does not (Jack- + in-the-box: PDF makers break lines at a word's own hyphen)."""
    if left.endswith("—") or (right[:1] == "—" and right[1:2].strip()):
        return left + right  # a dash set close to the word after it (``look at`` + ``—it shone``) too
    joined, kind = join_pair(left, right)
    if kind == "dehyphenated":
        head = _WORD.findall(left)[-1] if _WORD.findall(left) else ""
        tail = _WORD.match(right)
        whole = (head[:-1] if head.endswith("-") else head) + (tail.group() if tail else "")
        if whole.casefold() not in vocabulary:
            return left + right
    elif re.search(r"[^\W\d_]-$", left) and right[:1].isalpha():
        return left + right  # a compound broken at its own hyphen (Traveling- + Cloak): no space after it
    return joined


def _join_lines(block: Block, vocabulary: set[str], links: dict) -> None:
    """The block's text, its lines joined as the text reader joins them; each span's place in it."""
    text = ""
    previous: Span | None = None
    for line in block.lines:
        first = True
        for span in line.spans:
            piece = _spaced(span.text)
            if not first and text and not text[-1].isspace() and not piece[:1].isspace() and _apart(previous, span):
                piece = " " + piece  # words set apart on the page, with no space character between them
            if first and text:  # a new line: CJK without a space, Latin with one, a split word whole
                joined = _join(text.rstrip(), piece.lstrip(), vocabulary)
                piece = piece.lstrip()
                text = joined[: len(joined) - len(piece)]
            elif not text:
                piece = piece.lstrip()
            first = False
            previous = span
            if piece:
                block.spans.append((len(text), len(text) + len(piece), span))
                found = _link_at(line, span, piece, links.get(line.page, ()))
                if found:
                    start, end, url = found
                    block.links.append((len(text) + start, len(text) + end, url))
                text += piece
    block.text = text.rstrip()
    if block.text[:1] in _ITEM_MARKS and block.text[1:2] == " ":  # a list's bullet is formatting, not text
        block.text = block.text[2:]
        block.spans = [(max(0, a - 2), max(0, b - 2), span) for a, b, span in block.spans]
    _digits_set_close(block)


_DIGIT_GAP = re.compile(r"(?<=[0-9]) (?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff]) (?=[0-9])")


def _digits_set_close(block: Block) -> None:
    """In Chinese or Japanese text, no space between a number and a character (``2024年``, ``11个``): the
    gap a word processor sets there is spacing, not a space."""
    cuts = [m.start() for m in _DIGIT_GAP.finditer(block.text)]
    if not cuts or sum(1 for c in block.text if is_wide(c)) < 0.5 * len(block.text):
        return

    def moved(at: int) -> int:
        return at - sum(1 for cut in cuts if cut < at)

    block.text = "".join(c for i, c in enumerate(block.text) if i not in set(cuts))
    block.spans = [(moved(a), moved(b), span) for a, b, span in block.spans if moved(b) > moved(a)]
    block.links = [(moved(a), moved(b), url) for a, b, url in block.links]


def _link_at(line: Line, span: Span, piece: str, links) -> tuple[int, int, str] | None:
    """(start, end, URL) in ``piece`` of the link annotation over part of ``span``, if there is one.

    Where the link covers only some words of the span, they are the words whose middle lies inside
    the link's box (their place across the span's width estimated, characters taken as equally wide)."""
    middle_y = (line.y0 + line.y1) / 2
    per_char = max(span.x1 - span.x0, 1e-6) / max(len(piece), 1)
    for (x0, y0, x1, y1), url in links:
        if not (y0 - 2 <= middle_y <= y1 + 2) or x1 <= span.x0 or x0 >= span.x1:
            continue
        inside = [m for m in re.finditer(r"\S+", piece)
                  if x0 <= span.x0 + (m.start() + m.end()) / 2 * per_char <= x1]
        if inside:
            return inside[0].start(), inside[-1].end(), url
    return None


def _apart(left: Span, right: Span) -> bool:
    return right.x0 - left.x1 > 0.15 * max(right.size, 1.0) and not (is_wide(left.text[-1:]) or is_wide(right.text[:1]))


def _spaced(text: str) -> str:
    """White space inside a span as one space, a space kept at either end."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _levels(blocks: list[Block]) -> None:
    sizes = sorted({round(b.lines[0].size) for b in blocks if b.kind == "heading"}, reverse=True)
    for block in blocks:
        if block.kind == "heading":
            block.level = sizes.index(round(block.lines[0].size)) + 1
            block.sized = True
