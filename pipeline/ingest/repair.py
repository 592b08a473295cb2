"""Page-break repair: join body blocks that a page or column break split.

A body block that ends without end punctuation is continued by the next body
block of the same section: CJK text is joined without a space; Latin text with
a space, or without the hyphen where a word was split (``trans-`` +
``lation``); a word that already has a hyphen keeps the one at the break too
(``state-of-the-`` + ``art``), as it is a compound. A block without end punctuation that is the last of its section
(the next thing is a section title, or the end of the text) was cut off for
good: it is kept as it is and reported as ``truncated``. Every change is
reported as a :class:`pipeline.model.Repair`.

The layout (:func:`pipeline.ingest.lines.layout`) adds two rules. In
hard-wrapped text a full line is continued by the next line whatever it ends
with (reported once, as ``unwrapped``). Where paragraphs are marked by an
indent, an indented line always starts a paragraph, and an unindented block
after a page break continues the paragraph before it even after ``；`` or
``：``. Sub-heads are never joined to their neighbours, and a note starts at
its marker (``⑴``).

After joining: single spaces between two CJK characters in body text (what
joined hard wraps leave behind) are removed (``despaced``), and a paragraph
that repeats an earlier one word for word is reported (``repeated``), not
dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.headings import NOTE_MARK, split_byline
from pipeline.ingest.lines import Layout
from pipeline.ingest.structure import (
    MAX_TITLE,
    SENTENCE_MARKS,
    Unit,
    ends_paragraph,
    ends_sentence,
    is_wide,
    looks_like_title,
)
from pipeline.model import Repair

_HYPHENATED = re.compile(r"[^\W\d_]-$")
_LOWER_START = re.compile(r"[^\W\d_]")


def _lines(lines: tuple[int, ...]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    return "lines " + ", ".join(str(n) for n in lines)


def join_pair(left: str, right: str, *, dehyphenate: bool = True) -> tuple[str, str]:
    """(joined text, kind): ``joined`` or ``dehyphenated``.

    With ``dehyphenate=False`` (Markdown) a hyphen at the break is always kept.
    """
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right, "joined"
    if _HYPHENATED.search(left) and _LOWER_START.match(right) and right[0].islower():
        if _compound(left) or not dehyphenate:
            return left + right, "joined"  # state-of-the- + art: the hyphen is the word's own
        return left[:-1] + right, "dehyphenated"
    return left + " " + right, "joined"


def _compound(left: str) -> bool:
    """True if the last word, split at its end by a hyphen, already has a hyphen inside it."""
    word = left.rsplit(None, 1)[-1] if left.strip() else left
    return "-" in word[:-1]


def _glue(left: str, right: str, text: str, kind: str) -> str:
    """How the two blocks were glued, in words, for the repair report."""
    if kind == "dehyphenated":
        return "joined, hyphen of the split word removed"
    if text == left + right:
        if left.endswith("-") and not is_wide(left[-1]):
            return "joined without a space, hyphen kept (the word already has a hyphen: a compound)"
        return "joined without a space"
    return "joined with a space"


_NO_LAYOUT = Layout(None, False)
KINSOKU = 3  # a wrapped line may end this many characters short of the width


def _continues(text: str, last: Unit, nxt: Unit, layout: Layout) -> str:
    """How ``nxt`` continues the paragraph ``text`` (whose last line is ``last``), or "" if it does not."""
    if nxt.role == "subheading" or last.role == "subheading" or (nxt.role == "note" and NOTE_MARK.match(nxt.text)):
        return ""
    if last.role != nxt.role or last.alone or nxt.alone:
        return ""
    adjacent = not nxt.gap_before
    # A wrapped line may fall a few characters short (kinsoku); one that ends a sentence short of the width ends its paragraph.
    full = layout.width is not None and last.width >= layout.width - (0 if ends_paragraph(text) else KINSOKU)
    if layout.indented and nxt.indent > layout.margin:
        return ""  # an indent starts a paragraph
    if adjacent and (full or (layout.blocks and not _cjk_context(text, nxt.text))):
        # CJK wraps by character count (full lines); Latin at word boundaries, inside a block; a page
        # marker between the two lines is a page break that fell at a line end: reported as one.
        return "page marker" if nxt.page_break else "wrap"
    if not ends_sentence(text):
        return "page marker" if nxt.page_break else ("line" if adjacent else "blank")
    if layout.indented and not ends_paragraph(text) and (nxt.gap_before or nxt.page_break):
        return "page marker" if nxt.page_break else "blank"  # ；/： then an unindented block after a page break
    return ""


def _cjk_context(left: str, right: str) -> bool:
    return _ANY_WIDE.search(left, max(0, len(left) - 8)) is not None or _ANY_WIDE.search(right, 0, 8) is not None


_ANY_WIDE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")

_HOW = {
    "line": "a line break",
    "blank": "a page break (blank line)",
    "page marker": "a page break (page marker)",
}


def _join(unit: Unit, nxt: Unit, how: str, repairs: list[Repair], wrapped: list[int] | None) -> None:
    """Append ``nxt`` to ``unit`` (text and lines) and report how: hard wraps to ``wrapped``, the rest as repairs."""
    if how == "wrap" and _cjk_context(unit.text, nxt.text):
        text, kind = unit.text + nxt.text, "joined"  # wrapped by character count: 2 + 6.8% is 26.8%
    else:
        text, kind = join_pair(unit.text, nxt.text)
    if how == "wrap" and kind == "joined":
        if wrapped is not None:
            wrapped.append(nxt.line)
    else:
        glue = _glue(unit.text, nxt.text, text, kind)
        where = "a hard wrap" if how == "wrap" else _HOW[how]
        repairs.append(
            Repair(
                kind=kind,
                lines=(unit.lines[-1], nxt.line),
                detail=(
                    f"{_lines((unit.lines[-1],))} ends without end punctuation and line {nxt.line} "
                    f"continues it after {where}: {glue}"
                    if not ends_sentence(unit.text)
                    else f"{_lines((unit.lines[-1],))} ends with {unit.text[-1]!r} and the unindented "
                    f"line {nxt.line} continues it after {where}: {glue}"
                ),
            )
        )
    unit.text = text
    unit.lines = unit.lines + (nxt.line,)


def unwrap(units: list[Unit], layout: Layout, wrapped: list[int]) -> tuple[list[Unit], list[Repair]]:
    """Hard-wrapped lines joined back into the lines they were, before any role is decided.

    A full line that stops mid-paragraph (not after a full stop) is continued
    by the next line when nothing stands between them (no blank line, page
    marker or indent) and that line does not start a note (``⑴``): wrapped
    titles and bylines come back whole, as paragraphs do. A line that ends a
    paragraph right at the width is left to :func:`repair_body`, after the
    roles: the next line may be a title. The joined unit keeps its last
    line's width, which is what the repair asks of it.
    """
    if layout.width is None:
        return units, []
    out: list[Unit] = []
    repairs: list[Repair] = []
    byline, glue = -1, ""  # the line where a byline under a speech title starts; the space its wrap took
    for index, unit in enumerate(units):
        last = out[-1] if out else None
        head = _byline_after(units, index, layout)
        whole_byline = (last is not None and last.line == byline and split_byline(last.text) is not None
                        and split_byline(last.text + glue + unit.text) is None)  # 玛丽亚·费尔南 | 德斯 goes on
        if last is not None and head is None and not whole_byline and _wrapped_on(last, unit, layout):
            if last.line == byline and glue:
                last.text += glue  # 院长 | 黄志雄: the wrap fell on the space before the name
            _join(last, unit, "wrap", repairs, wrapped)
            last.width = unit.width
            continue
        if head is not None:
            byline, glue = units[index + 1].line, head
        out.append(replace(unit))
    return out, repairs


def _wrapped_on(last: Unit, nxt: Unit, layout: Layout) -> bool:
    if nxt.gap_before or nxt.page_break or (layout.indented and nxt.indent > layout.margin):
        return False
    return last.width >= layout.width - KINSOKU and not ends_paragraph(last.text) and not NOTE_MARK.match(nxt.text)


def _byline_after(units: list[Unit], index: int, layout: Layout) -> str | None:
    """Whether a short line is a speech's title: right above a byline (whatever the line before it).

    None if it is not; else what joins the byline's wrapped lines back ("", or " " where the wrap fell
    on the space before the name).
    """
    title = units[index].text
    if index + 1 >= len(units) or len(title) > MAX_TITLE or not looks_like_title(title) or split_byline(title):
        return None
    if SENTENCE_MARKS.search(title):
        return None
    after = units[index + 1]
    if split_byline(after.text) is not None:
        return ""
    if index + 2 < len(units) and _wrapped_on(after, units[index + 2], layout):  # a long byline wraps too
        for glue in ("", " "):
            if split_byline(after.text + glue + units[index + 2].text) is not None:
                return glue
    return None


def repair_body(
    body: list[Unit],
    *,
    last_section: bool,
    next_title: Unit | None,
    layout: Layout = _NO_LAYOUT,
    wrapped: list[int] | None = None,
    doubts: list[tuple[int, str]] | None = None,
) -> tuple[list[Unit], list[Repair]]:
    """Join the blocks of one section's body; report what was joined or cut off.

    Lines joined at a hard wrap are not reported one by one: their numbers go
    to ``wrapped`` (when given), for one summary repair. Where no indent marks
    paragraphs, a join that may have glued two paragraphs (a short line without
    punctuation, a paragraph ending in ， before a quotation) goes to ``doubts``.
    """
    out: list[Unit] = []
    repairs: list[Repair] = []
    i = 0
    while i < len(body):
        first = body[i]
        unit = Unit(first.text, first.line, first.gap_before, first.lines, indent=first.indent,
                    width=first.width, page_break=first.page_break, role=first.role)
        last = first
        i += 1
        while i < len(body):
            nxt = body[i]
            how = _continues(unit.text, last, nxt, layout)
            if not how:
                break
            if doubts is not None and how != "wrap" and not layout.indented:
                doubt = _doubtful_join(unit.text, nxt.text)
                if doubt:
                    doubts.append((unit.lines[-1], f"{doubt}, joined to line {nxt.line} as if a page break split "
                                   "them: it may be a paragraph of its own"))
            _join(unit, nxt, how, repairs, wrapped)
            last = nxt
            i += 1
        if not ends_sentence(unit.text) and i >= len(body) and unit.role == "body":
            repairs.extend(_cut_off(unit, next_title, last_section))
        out.append(unit)
    return out, repairs


def _cut_off(unit: Unit, next_title: Unit | None, last_section: bool) -> list[Repair]:
    """The ``truncated`` repair of a section's last paragraph that ends without end punctuation."""
    if next_title is not None:
        return [Repair(
            kind="truncated",
            lines=(unit.line, next_title.line),
            detail=(f"paragraph at line {unit.line} ends without end punctuation before the section "
                    f"title at line {next_title.line}: cut off, kept as it is (not joined to the title)"),
        )]
    if last_section:
        return [Repair(kind="truncated", lines=(unit.line,),
                       detail=f"paragraph at line {unit.line} ends the text without end punctuation: kept as it is")]
    return []


MAX_LONE_LINE = 15  # characters of a line that may stand on its own (天色已晚, 他笑了)
_PUNCTUATION = re.compile(r"[，、。！？；：,.!?;:“”\"'（）()《》—…]")


_OPENING_QUOTES = "“「『‘\"'"


def _doubtful_join(text: str, after: str) -> str:
    """Why joining ``after`` to ``text`` is a guess where no indent marks paragraphs ("" if it is not)."""
    if len(text) <= MAX_LONE_LINE and _PUNCTUATION.search(text) is None:
        return "a short line without punctuation"  # 天色已晚
    if text[-1] in "，：:," and after[:1] in _OPENING_QUOTES:
        return f"a paragraph ending in {text[-1]!r} before a quotation"  # 他对我说， / “……”
    return ""


def unwrapped(wrapped: list[int], layout: Layout) -> list[Repair]:
    """The one repair that says which lines were joined at hard wraps."""
    if not wrapped:
        return []
    wrapped = sorted(wrapped)  # wraps joined before the roles and after them, in line order
    how = f"{layout.width} characters a line" if layout.width else "the lines of each blank-line separated block"
    return [
        Repair(
            kind="unwrapped",
            lines=tuple(wrapped),
            detail=f"hard-wrapped text ({how}): {len(wrapped)} line(s) joined to the line before them, "
            f"first at line {wrapped[0]}",
        )
    ]


_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
_QUOTES = "\u2018\u2019\u201c\u201d\u2014\u2026"
# One space between two CJK characters, or between a CJK character and a quote or dash.
_STRAY_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}{_QUOTES}])|(?<=[{_QUOTES}]) (?=[{_CJK}])")
MIN_DESPACE = 12  # shorter paragraphs (a verse, a list of names) keep their spaces


def despace(unit: Unit, where: str = "", why: str = " (left by joined hard wraps)") -> Repair | None:
    """Remove single spaces between two CJK characters of a body paragraph (joined hard wraps).

    ``where`` names the place in the repair (default: the unit's line), ``why`` says what left them."""
    if unit.role not in ("body", "note") or len(unit.text) < MIN_DESPACE or " " not in unit.text:
        return None
    text, count = _STRAY_SPACE.subn("", unit.text)
    if not count:
        return None
    unit.text = text
    return Repair(
        kind="despaced",
        lines=(unit.line,),
        detail=f"{where or f'line {unit.line}'}: {count} stray space(s) between Chinese characters removed{why}",
    )


MIN_REPEATED = 12  # characters; short lines (谢谢大家！) repeat on purpose


def repeated(units: list[Unit]) -> list[Repair]:
    """A ``repeated`` repair for each paragraph that repeats an earlier one word for word (both kept)."""
    seen: dict[str, int] = {}
    repairs: list[Repair] = []
    for unit in units:
        if len(unit.text) < MIN_REPEATED or unit.role == "subheading":
            continue
        first = seen.setdefault(unit.text, unit.line)
        if first != unit.line:
            repairs.append(
                Repair(
                    kind="repeated",
                    lines=(first, unit.line),
                    detail=f"paragraph at line {unit.line} repeats the one at line {first} word for word: kept both; "
                    "delete one if the extraction duplicated it",
                )
            )
    return repairs
