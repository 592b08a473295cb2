"""Page-break repair: join body blocks that a page or column break split.

A body block that ends without end punctuation is continued by the next body
block of the same section: CJK text is joined without a space; Latin text with
a space, or without the hyphen where a word was split (``trans-`` +
``lation``); a word that already has a hyphen keeps the one at the break too
(``state-of-the-`` + ``art``), as it is a compound. A block without end punctuation that is the last of its section
(the next thing is a section title, or the end of the text) was cut off for
good: it is kept as it is and reported as ``truncated``. Every change is
reported as a :class:`pipeline.model.Repair`.
"""

from __future__ import annotations

import re

from pipeline.ingest.structure import Unit, ends_sentence, is_wide
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


def repair_body(body: list[Unit], *, last_section: bool, next_title: Unit | None) -> tuple[list[Unit], list[Repair]]:
    """Join the blocks of one section's body; report what was joined or cut off."""
    out: list[Unit] = []
    repairs: list[Repair] = []
    i = 0
    while i < len(body):
        unit = Unit(body[i].text, body[i].line, body[i].gap_before, body[i].lines)
        i += 1
        while not ends_sentence(unit.text) and i < len(body):
            nxt = body[i]
            text, kind = join_pair(unit.text, nxt.text)
            how = "a page break (blank line)" if nxt.gap_before else "a line break"
            glue = _glue(unit.text, nxt.text, text, kind)
            repairs.append(
                Repair(
                    kind=kind,
                    lines=(unit.lines[-1], nxt.line),
                    detail=(
                        f"{_lines((unit.lines[-1],))} ends without end punctuation and line {nxt.line} "
                        f"continues it after {how}: {glue}"
                    ),
                )
            )
            unit = Unit(text, unit.line, unit.gap_before, unit.lines + (nxt.line,))
            i += 1
        if not ends_sentence(unit.text) and i >= len(body):
            if next_title is not None:
                repairs.append(
                    Repair(
                        kind="truncated",
                        lines=(unit.line, next_title.line),
                        detail=(
                            f"paragraph at line {unit.line} ends without end punctuation before the section "
                            f"title at line {next_title.line}: cut off, kept as it is (not joined to the title)"
                        ),
                    )
                )
            elif last_section:
                repairs.append(
                    Repair(
                        kind="truncated",
                        lines=(unit.line,),
                        detail=f"paragraph at line {unit.line} ends the text without end punctuation: kept as it is",
                    )
                )
        out.append(unit)
    return out, repairs
