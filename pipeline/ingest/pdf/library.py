"""The one door to PyMuPDF: a PDF's text lines with their geometry and fonts.

``open_pdf(path)`` refuses, in one line naming the file and nothing written,
what diglot cannot read: a missing or oversized file, a damaged one, an
encrypted one (decrypt it first), one past the page limit, one without a text
layer (a scan: run OCR first), one whose objects inflate past the limits of a
DOCX or EPUB part (:mod:`.streams`, checked before MuPDF inflates any). Scripts, forms and links are never run or
followed: only text, fonts, boxes, image boxes, the outline and the title are
asked of the file. Everything else in :mod:`pipeline.ingest.pdf` works on the
plain :class:`Line` and :class:`Page` records this module returns.

Why PyMuPDF: on the corpus books it reads text with fonts, sizes and boxes
ten times faster than pdfminer.six (Alice, 52 pages: 0.48 s against 4.96 s)
and, unlike pypdfium2's text API, gives spans with font names and flags
without a per-character loop; its AGPL licence is diglot's own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.fileio import MB, open_regular
from pipeline.ingest.pdf.streams import Bomb, check_streams

MAX_PDF_BYTES = 200 * MB  # as an EPUB or DOCX archive
MAX_PAGES = 5000
MIN_CHARS_PER_PAGE = 20  # less text than this on average: a scan without a text layer
_BOLD, _ITALIC, _SUPERSCRIPT = 16, 2, 1  # PyMuPDF span flags
CELLS = " | "  # between a table row's cells: plain text, which every edition keeps
RULES_FOR_A_TABLE = 4  # lines and boxes drawn on a page before its tables are looked for


@dataclass(frozen=True)
class Span:
    text: str
    size: float
    bold: bool
    italic: bool
    superscript: bool
    x0: float = 0.0
    x1: float = 0.0
    raised: bool = False  # set above the line's baseline (a note's number), whether or not flagged superscript


@dataclass(frozen=True)
class Line:
    """One line of text on a page, in PDF points from the page's top left."""

    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    spans: tuple[Span, ...]
    vertical: bool = False
    row: bool = False  # a table's row, its cells joined by CELLS: a paragraph of its own

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def size(self) -> float:
        """The font size most of the line's characters have."""
        weights: dict[float, int] = {}
        for span in self.spans:
            weights[span.size] = weights.get(span.size, 0) + len(span.text.strip())
        return max(weights, key=weights.__getitem__) if weights else 0.0

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.spans if s.text.strip())


@dataclass(frozen=True)
class Picture:
    """A picture drawn on a page: its box, and its object number (0 for a picture written inline in the
    page's content, which cannot be taken out alone)."""

    x0: float
    y0: float
    x1: float
    y1: float
    xref: int
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    pictures: tuple[Picture, ...] = ()
    links: tuple[tuple[tuple[float, float, float, float], str], ...] = ()  # (box, URL) of web links


@dataclass(frozen=True)
class PdfSource:
    path: Path
    title: str
    pages: tuple[Page, ...]
    outline: tuple[tuple[int, str, int], ...] = field(default=())  # (level, title, page)


def open_pdf(path: str | Path) -> PdfSource:
    """The pages of the PDF at ``path``, or a one-line SourceError."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF would print its own complaints on stdout
    pymupdf.TOOLS.mupdf_display_warnings(False)
    if hasattr(pymupdf, "no_recommend_layout"):
        pymupdf.no_recommend_layout()  # find_tables() would print an advertisement on stdout
    path = Path(path)
    with open_regular(path, max_bytes=MAX_PDF_BYTES, error=SourceError, what="PDF") as handle:
        data = handle.read()
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own FileDataError and RuntimeErrors for a broken file
        raise SourceError(f"is a damaged PDF ({_why(exc)}); save it again from the program that made it",
                          path=path) from exc
    with document:
        if document.needs_pass or document.is_encrypted:
            raise SourceError("is an encrypted PDF; decrypt it first (e.g. qpdf --decrypt IN.pdf OUT.pdf)", path=path)
        if document.page_count > MAX_PAGES:
            raise SourceError(f"has more than {MAX_PAGES} pages; split it first", path=path)
        try:
            check_streams(document)  # before MuPDF inflates anything
        except Bomb as exc:
            raise SourceError(f"is refused: {exc}; this is not a PDF diglot can read safely", path=path) from exc
        pages = tuple(_page(document, index, path) for index in range(document.page_count))
        title = " ".join(((document.metadata or {}).get("title") or "").split())
        outline = tuple((level, " ".join(text.split()), page) for level, text, page, *_ in document.get_toc())
        repaired = document.is_repaired
    characters = sum(len(line.text.strip()) for page in pages for line in page.lines)
    if repaired and characters < MIN_CHARS_PER_PAGE * len(pages) / 4:
        raise SourceError("is a damaged PDF (cut short?: its cross-reference table is broken and little text can be "
                          "read); copy or download it again", path=path)
    if not pages or characters < MIN_CHARS_PER_PAGE * len(pages) / 4:
        raise SourceError("has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf IN.pdf OUT.pdf)", path=path)
    return PdfSource(path=path, title=title, pages=pages, outline=outline)


def _page(document, index: int, path: Path) -> Page:
    try:
        page = document[index]
        content = page.get_text("dict", flags=0)  # no images' bytes, ligatures and spaces as printed
    except Exception as exc:
        raise SourceError(f"is a damaged PDF: page {index + 1} cannot be read ({_why(exc)})", path=path) from exc
    width, height = page.cropbox.width, page.cropbox.height  # MuPDF gives the text as drawn, before /Rotate
    raw = [line for block in content.get("blocks", ()) for line in block.get("lines", ())]
    turn = _turn(raw)
    place = _placer(turn, width, height)
    rows, boxes = _tables(page, index)
    across = width if turn % 2 == 0 else height
    found: list[tuple[dict, list[Span]]] = []
    for line in raw:
        spans = []
        raised = _raised(line)
        for span in line.get("spans", ()):
            if span["text"]:
                x0, _, x1, _ = place(span["bbox"])
                spans.append(Span(text=span["text"].replace("\n", " "), size=round(span["size"], 1),
                                  bold=bool(span["flags"] & _BOLD) or "bold" in span["font"].lower(),
                                  italic=bool(span["flags"] & _ITALIC) or "italic" in span["font"].lower(),
                                  superscript=bool(span["flags"] & _SUPERSCRIPT), x0=x0, x1=x1,
                                  raised=id(span) in raised))
        x0, y0, x1, y1 = line["bbox"]
        if spans and "".join(s.text for s in spans).strip() and not any(
                bx0 - 1 <= (x0 + x1) / 2 <= bx1 + 1 and by0 - 1 <= (y0 + y1) / 2 <= by1 + 1
                for bx0, by0, bx1, by1 in boxes):  # a line inside a table is read as its rows
            found.append((line, spans))
    rtl = _right_to_left_rows([(place(line["bbox"]), spans) for line, spans in found])
    lines: list[Line] = []
    for (line, spans), backwards in zip(found, rtl):
        x0, y0, x1, y1 = place(line["bbox"])
        if backwards:
            spans, x0, x1 = _mirrored(spans, across), across - x1, across - x0
        lines.append(Line(index + 1, x0, y0, x1, y1, tuple(spans),
                          vertical=line.get("wmode") == 1 or _direction(line) != turn))
    links = tuple((place(tuple(link["from"] * page.derotation_matrix)), link["uri"]) for link in page.get_links()
                  if link.get("kind") == 2 and link.get("uri"))  # LINK_URI; never followed, only kept
    lines.extend(replace(row, **dict(zip(("x0", "y0", "x1", "y1"), place((row.x0, row.y0, row.x1, row.y1)))))
                 for row in rows)
    pictures = tuple(replace(p, **dict(zip(("x0", "y0", "x1", "y1"), place((p.x0, p.y0, p.x1, p.y1)))))
                     for p in _pictures(page))
    if turn % 2:
        width, height = height, width
    return Page(index + 1, width, height, tuple(lines), pictures, links)


def _raised(line: dict) -> set[int]:
    """ids of the line's spans set above the baseline of its largest type (by a tenth of that size)."""
    spans = [span for span in line.get("spans", ()) if span["text"].strip()]
    if len(spans) < 2:
        return set()
    base = max(spans, key=lambda span: span["size"])
    (bx, by), (dx, dy) = base["origin"], line.get("dir", (1.0, 0.0))
    return {id(span) for span in spans  # the distance along the line's "up", (dy, -dx) with y down
            if (span["origin"][0] - bx) * dy - (span["origin"][1] - by) * dx > 0.1 * base["size"]}


_DIRECTIONS = {(1, 0): 0, (0, -1): 1, (-1, 0): 2, (0, 1): 3}  # text running right, up, left, down


def _direction(line: dict) -> int:
    dx, dy = line.get("dir", (1.0, 0.0))
    return _DIRECTIONS[(round(dx), round(dy))] if (round(dx), round(dy)) in _DIRECTIONS else 0


def _turn(lines: list[dict]) -> int:
    """How the page's text runs (most of its characters): 0 across, 1 up, 2 upside down, 3 down."""
    weight = [0, 0, 0, 0]
    for line in lines:
        if line.get("wmode") != 1:
            weight[_direction(line)] += sum(len(span["text"].strip()) for span in line.get("spans", ()))
    return max(range(4), key=lambda turn: (weight[turn], -turn))


def _placer(turn: int, width: float, height: float):
    """Boxes from the page as drawn to the page turned so that its text reads across, top down (a
    landscape table printed sideways, a page set with /Rotate)."""
    def place(box) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        if turn == 1:  # text running up: the page turned clockwise
            return height - y1, x0, height - y0, x1
        if turn == 3:  # text running down
            return y0, width - x1, y1, width - x0
        if turn == 2:
            return width - x1, height - y1, width - x0, height - y0
        return x0, y0, x1, y1

    return place


def _right_to_left_rows(lines: list[tuple[tuple[float, float, float, float], list[Span]]]) -> list[bool]:
    """For each line, whether the printed row it stands in (the lines sharing its height: MuPDF cuts a
    row where the script changes) is mostly in a right-to-left script (Hebrew, Arabic …)."""
    def weight(spans: list[Span]) -> int:  # right-to-left letters less left-to-right ones
        kinds = [unicodedata.bidirectional(c) for s in spans for c in s.text if c.isalpha()]
        return sum(1 if k in ("R", "AL") else -1 for k in kinds)

    order = sorted(range(len(lines)), key=lambda i: lines[i][0][1])
    out = [False] * len(lines)
    row: list[int] = []
    for i in order + [-1]:
        box = lines[i][0] if i >= 0 else None
        if row and (box is None or not _same_height(lines[row[0]][0], box)):
            backwards = sum(weight(lines[j][1]) for j in row) > 0
            for j in row:
                out[j] = backwards
            row = []
        if i >= 0:
            row.append(i)
    return out


def _same_height(a, b) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _flipped_space(text: str) -> str:
    """A right-to-left run's space MuPDF gives first (drawn at its left) after it, where it is read."""
    stripped = text.lstrip()
    return stripped + " " if stripped != text and stripped and unicodedata.bidirectional(stripped[0]) in ("R", "AL") \
        else text


_LEADING_MARKS = re.compile(r"^(\s*)([.,:;!?،؛؟…\"')\]]+)\s*")
_LAM_ALEF = re.compile(r"ا([أإآ])ل")  # the article before a hamza'd alef, its ligature drawn the other way round


def _mirrored(spans: list[Span], width: float) -> list[Span]:
    """A right-to-left line read from its right edge: x measured from the page's right, the closing
    punctuation MuPDF gives first (where it is drawn, at the left) put back at the end."""
    spans = [replace(s, text=_flipped_space(_LAM_ALEF.sub(r"ال\1", s.text)), x0=width - s.x1, x1=width - s.x0)
             for s in spans]
    found = _LEADING_MARKS.match(spans[0].text)
    if found and spans[0].text[found.end():].strip():
        spaced = " " if found.group(0)[len(found.group(1)) + len(found.group(2)):] else ""  # read before the run
        spans[0] = replace(spans[0], text=spaced + spans[0].text[found.end():])
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip() + found.group(2))
    return spans


def _tables(page, index: int) -> tuple[list[Line], list[tuple[float, float, float, float]]]:
    """The rows of the tables drawn with rules on the page (one Line each, cells joined by CELLS, in the
    body's size) and the tables' boxes. Only pages with a few rules drawn are searched (find_tables is slow)."""
    rules = sum(1 for path in page.get_cdrawings() for item in path.get("items", ()) if item[0] in ("l", "re"))
    if rules < RULES_FOR_A_TABLE:
        return [], []
    try:
        found = page.find_tables().tables
    except Exception:  # no table read: its text stays in the page's lines
        return [], []
    rows: list[Line] = []
    boxes = []
    for table in found:
        cells = table.extract()
        if table.col_count < 2 or len(cells) < 2:
            continue
        boxes.append(tuple(table.bbox))
        sizes = [span["size"] for block in page.get_text("dict", clip=table.bbox, flags=0)["blocks"]
                 for line in block.get("lines", ()) for span in line["spans"] if span["text"].strip()]
        size = round(max(set(sizes), key=sizes.count), 1) if sizes else 10.0
        for row, texts in zip(table.rows, cells):
            text = CELLS.join(" ".join(cell.split()) for cell in texts if cell and cell.strip())
            if text:
                x0, y0, x1, y1 = row.bbox
                rows.append(Line(index + 1, x0, y0, x1, y1, (Span(text, size, False, False, False, x0, x1),),
                                 row=True))
    return rows, boxes


def _pictures(page) -> tuple[Picture, ...]:
    """The pictures drawn on the page (where and which object), their pixels not decoded."""
    if not page.get_images() and b"BI" not in page.read_contents():  # no picture in its resources, none inline
        return ()
    found = []
    for info in page.get_image_info(xrefs=True):
        x0, y0, x1, y1 = info["bbox"]
        if x1 - x0 >= 1 and y1 - y0 >= 1:
            found.append(Picture(x0, y0, x1, y1, int(info.get("xref") or 0), info["width"], info["height"]))
    return tuple(found)


def picture(path: str | Path, xref: int) -> tuple[bytes, str] | None:
    """(bytes, "png" or "jpeg") of the picture object ``xref`` of the PDF at ``path`` (its transparency
    mask applied), or None when the file or the picture cannot be read, or it inflates past the limits."""
    import pymupdf

    from pipeline import archive
    from pipeline.ingest.pdf.streams import inflated_size

    try:
        with open_regular(Path(path), max_bytes=MAX_PDF_BYTES, error=SourceError, what="PDF") as handle:
            data = handle.read()
        with pymupdf.open(stream=data, filetype="pdf") as document:
            if document.needs_pass or not 0 < xref < document.xref_length():
                return None
            masked = document.xref_get_key(xref, "SMask")[1]
            sizes = [inflated_size(document, x) for x in (xref, int(masked.split()[0]) if masked[:1].isdigit() else 0)
                     if x]
            if any(size > archive.MAX_PART_BYTES for size, _, _ in sizes):
                return None
            found = document.extract_image(xref)
            if found and found.get("ext") in ("png", "jpeg") and not found.get("smask"):
                return found["image"], found["ext"]
            pixmap = pymupdf.Pixmap(document, xref)
            if found and found.get("smask"):
                pixmap = pymupdf.Pixmap(pixmap, pymupdf.Pixmap(document, found["smask"]))
            if pixmap.n - pixmap.alpha > 3:  # CMYK: PNG holds RGB
                pixmap = pymupdf.Pixmap(pymupdf.csRGB, pixmap)
            return pixmap.tobytes("png"), "png"
    except (SourceError, RuntimeError, ValueError, OSError):
        return None


def _why(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
