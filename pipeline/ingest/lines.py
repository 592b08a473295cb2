"""Source lines to units, with what is not text taken out and reported.

``read_lines(text)`` splits a decoded plain text into :class:`Unit` s (one per
non-blank line) and returns the lines it dropped as ``dropped`` repairs:

- lines that hold only white space (spaces, U+3000, U+00A0, zero-width
  spaces) are blank lines: they separate blocks;
- page markers from PDF conversion (``----- Page 12 -----``, ``- 12 -``,
  ``第 12 页``) are dropped wherever they fall, also inside a line; a marker
  line is a page break, not a blank line: the text on both sides may be one
  paragraph;
- ebook-site boilerplate in the first and last lines (rule lines of dashes,
  web addresses, copyright and download notices) is dropped;
- rule lines (``--------``, ``* * *``) anywhere hold no text and are dropped.

``layout(units)`` tells how the text is laid out: the width of its hard wraps
(None when lines are whole paragraphs), whether its paragraphs are marked
by an indent (then an unindented line continues the paragraph before it), and
whether blank lines separate paragraphs whose lines mostly end mid-sentence
(hard wraps at word boundaries, as in Latin text: the lines of a block are
one paragraph).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.ingest.structure import Unit, ends_paragraph, ends_sentence, is_wide
from pipeline.model import Repair

# White space that a blank line may hold, and that is trimmed at both ends of a line.
SPACES = " \t\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"

_PAGE_MARKER = re.compile(
    r"[-=—–_~*·\s]*"
    r"(?:(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:/|of)\s*\d+)?|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?)"
    r"[-=—–_~*·\s]*",
    re.IGNORECASE,
)
_DASHED_NUMBER = re.compile(r"[-—–]+\s*\d{1,4}\s*[-—–]+")
# A page marker inside a line: the explicit forms only, fenced by dashes or brackets.
_INLINE_MARKER = re.compile(r"\s*(?:-{3,}|={3,})\s*(?:page|p\.)\s*\d+\s*(?:-{3,}|={3,})\s*", re.IGNORECASE)
_RULE = re.compile(r"[-=_~*#＝－＊─━═—–·•\s]+")
_URL_TEXT = re.compile(r"(?:https?://|www\.)?[\w.-]*[A-Za-z0-9-]+\.(?:com|net|org|cn|cc|info|me|io|tw|hk)\b[\w./?=&%#-]*", re.IGNORECASE)
_NOTICE = re.compile(
    r"本书由|本书来自|本书仅|本电子书|电子书|版权归|版权所有|仅供.{0,6}(?:学习|交流|参考|阅读|试读)|"
    r"请勿.{0,8}(?:商业|传播|转载)|商业用途|(?:下载|TXT|txt).{0,4}(?:小说|电子书|网|站)|整理制作|收集整理|"
    r"网友上传|本站|书友|更多.{0,8}(?:小说|好书|精彩|资源)|copyright|©|all rights reserved",
    re.IGNORECASE,
)
_MARKER_START = frozenset("-=—–_~*·Pp第 \t")
_RULE_CHARS = frozenset("-=_~*#＝－＊─━═—–·•")
EDGE_LINES = 12  # boilerplate is looked for in this many non-blank lines at each end


@dataclass(frozen=True)
class Layout:
    """How the plain text is laid out."""

    width: int | None  # the hard-wrap width in characters, or None (one paragraph per line)
    indented: bool  # paragraphs start with an indent: an unindented line continues one
    margin: int = 0  # white space before every line (not an indent)
    blocks: bool = False  # blank lines separate paragraphs and most lines inside a block end mid-sentence
    # What blank lines do: "none" (there are none), "lines" (one between every two lines: they separate
    # nothing), "blocks" (they separate groups of lines).
    separator: str = "blocks"

    def describe(self) -> str:
        """The decision in words, for the header of ``diglot segment``."""
        blank = {
            "none": "no blank lines",
            "lines": "a blank line after every line (read as line breaks)",
            "blocks": "blank lines between blocks",
        }[self.separator]
        wraps = f"hard-wrapped at {self.width} characters" if self.width else "lines are whole paragraphs"
        if self.blocks and not self.width:
            wraps = "hard-wrapped at word boundaries (a block's lines are one paragraph)"
        indent = "paragraphs start with an indent" if self.indented else "no paragraph indents"
        return f"{blank}; {wraps}; {indent}"


def is_page_marker(text: str) -> bool:
    return bool(_PAGE_MARKER.fullmatch(text) or _DASHED_NUMBER.fullmatch(text))


def is_rule(text: str) -> bool:
    return len(text) >= 3 and _RULE.fullmatch(text) is not None and len("".join(text.split())) >= 3


def is_boilerplate(text: str) -> bool:
    """A rule, a notice (本书由…整理, 版权归…), or a short line with a web address."""
    if is_rule(text):
        return True
    if len(text) > 100:
        return False
    if _NOTICE.search(text) is not None:
        return True
    url = _URL_TEXT.search(text)  # an address with little else around it
    return url is not None and len(text) - len(url.group()) <= 15


def _dropped(line: int, text: str, what: str) -> Repair:
    shown = text if len(text) <= 60 else text[:57] + "…"
    return Repair(kind="dropped", lines=(line,), detail=f"line {line}: {what} dropped: {shown!r}")


def read_lines(text: str) -> tuple[list[Unit], list[Repair]]:
    """Units of the non-blank lines, and a ``dropped`` repair for every line (or marker) left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    units: list[Unit] = []
    dropped: list[Repair] = []
    gap = True
    page_break = False
    for number, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:  # a form feed is a page break: a gap like a blank line
            gap = True
        stripped = raw.strip(SPACES)
        if not stripped:
            if not page_break:
                gap = True
            continue
        first = stripped[0]
        if first in _MARKER_START and is_page_marker(stripped):
            dropped.append(_dropped(number, stripped, "page marker"))
            page_break = True
            gap = False if units else True
            continue
        if "---" in stripped or "===" in stripped:
            found = _INLINE_MARKER.search(stripped)
            while found is not None:
                dropped.append(_dropped(number, found.group().strip(), "page marker inside the line"))
                left, right = stripped[: found.start()], stripped[found.end() :]
                glue = " " if left and right and left[-1].isascii() and right[0].isascii() else ""
                stripped = (left + glue + right).strip(SPACES)
                found = _INLINE_MARKER.search(stripped)
            if not stripped:
                continue
        if first in _RULE_CHARS and is_rule(stripped):
            dropped.append(_dropped(number, stripped, "rule line"))
            gap = True
            continue
        indent = len(raw) - len(raw.lstrip(SPACES))
        width = len(raw.rstrip(SPACES))
        units.append(Unit(stripped, number, gap, indent=indent, width=width, page_break=page_break))
        gap = False
        page_break = False
    units, edge = _edges(units)
    dropped.extend(edge)
    dropped.sort(key=lambda r: r.lines)
    return units, dropped


def _edges(units: list[Unit]) -> tuple[list[Unit], list[Repair]]:
    """Drop ebook-site boilerplate among the first and last lines."""
    if len(units) < 4:
        return units, []
    drop: set[int] = set()
    for index in list(range(min(EDGE_LINES, len(units)))) + list(range(max(0, len(units) - EDGE_LINES), len(units))):
        if is_boilerplate(units[index].text):
            drop.add(index)
    if not drop:
        return units, []
    kept: list[Unit] = []
    repairs: list[Repair] = []
    gap = False
    for index, unit in enumerate(units):
        if index in drop:
            repairs.append(_dropped(unit.line, unit.text, "ebook-site boilerplate"))
            gap = True
            continue
        if gap:
            unit.gap_before = True
            gap = False
        kept.append(unit)
    return kept, repairs


def _wrap_width(units: list[Unit]) -> int | None:
    """The width of hard wraps: the commonest line width, where enough lines have it.

    Enough: a third of all lines; or, where short paragraphs, titles and bylines are most lines, most of
    the lines that stop mid-paragraph with the text going on in the next, unindented line (not after a
    page break), while hardly any line is longer.
    """
    widths = Counter(u.width for u in units if u.width >= 16)
    common = _commonest(widths)
    if common is not None and _near(widths, common) >= max(5, 0.3 * len(units)):
        return common
    margin = min((u.indent for u in units), default=0)
    open_widths = Counter(u.width for u, nxt in zip(units, units[1:])
                          if u.width >= 16 and not (nxt.gap_before or nxt.page_break) and nxt.indent <= margin
                          and not ends_paragraph(u.text))
    common = _commonest(open_widths)
    if common is None:
        return None
    near = _near(open_widths, common)
    longer = sum(n for w, n in widths.items() if w > common + 1)  # hard wraps leave no line longer
    return common if near >= 2 and near >= 0.6 * sum(open_widths.values()) and longer <= 0.1 * len(units) else None


def _commonest(widths: Counter) -> int | None:
    if not widths:
        return None
    common, _ = max(widths.items(), key=lambda item: (item[1], item[0]))
    return common if 16 <= common <= 120 else None


def _near(widths: Counter, width: int) -> int:
    return widths[width] + widths.get(width + 1, 0) + widths.get(width - 1, 0)


def _latin(char: str) -> bool:
    return char < "\u2e80" or not is_wide(char)


def layout(units: list[Unit]) -> Layout:
    """The hard-wrap width (the commonest line width, if enough lines have it) and indent use.

    What blank lines do (:func:`separator`) is asked by the caller of the lines as they were before
    hard wrapping, once they are joined back."""
    if not units:
        return Layout(None, False)
    width = _wrap_width(units)
    margin = min(u.indent for u in units)
    indented = sum(1 for u in units if u.indent > margin)
    enough = max(3, 0.05 * len(units))
    # Word-boundary wraps are a Latin-script matter: only lines that meet at Latin letters count.
    adjacent = [i for i in range(1, len(units)) if not units[i].gap_before
                and _latin(units[i - 1].text[-1]) and _latin(units[i].text[0])]
    open_ends = sum(1 for i in adjacent if not ends_sentence(units[i - 1].text))
    blocks = len(adjacent) >= 5 and open_ends >= 0.6 * len(adjacent)
    return Layout(width, indented >= enough and len(units) > indented, margin, blocks)


def separator(units: list[Unit], width: int | None = None) -> str:
    """What blank lines do: "none" there are; "lines": one stands before (nearly) every line, so they
    separate nothing; "blocks": they separate groups of lines. Asked again of the lines as they were
    before hard wrapping (:func:`pipeline.ingest.repair.unwrap`): a blank line after every wrapped
    paragraph, title and byline is the same as one after every line. A line under a full line of
    hard-wrapped text (one that ended a sentence right at the width) is not counted."""
    gaps = sum(1 for u in units[1:] if u.gap_before)
    if not gaps:
        return "none"
    wraps = 0 if width is None else sum(1 for u, nxt in zip(units, units[1:])
                                        if not nxt.gap_before and u.width >= width - 1)
    lines = len(units) - 1 - wraps
    return "lines" if len(units) >= 4 and gaps >= 0.9 * lines else "blocks"
