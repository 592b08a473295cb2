"""Markdown sources: the explicit way to state structure.

::

    # Document title
    ——subtitle (a line starting with —— right under the title)

    ## Section title
    *office、office Name*

    Body paragraph, blank-line separated; lines of one paragraph are joined
    (without a space between CJK characters).

    - a list item is a paragraph of its own (the bullet dropped; an ordered
      item keeps its number, ``1.``)

Every other heading (a later ``#``, ``###`` and deeper) starts a section too.
ATX headings follow CommonMark: the closing ``#``s go only when a space stands
before them (``## Learn C#`` keeps its ``#``). Emphasis marks (``*x*``,
``**x**``, a paragraph wrapped in ``_…_``) are dropped, the text they mark is
kept.

No detection, no page-break repair and no dehyphenation: what the author
marked is what is read, and no source character is lost.
"""

from __future__ import annotations

import re

from pipeline.ingest.repair import join_pair
from pipeline.ingest.structure import Unit, is_subtitle, split_units

_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_BYLINE = re.compile(r"^(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1$")
_BULLET = re.compile(r"^[-+*][ \t]+(?=\S)")
_ORDERED = re.compile(r"^\d{1,9}[.)][ \t]+(?=\S)")
_STRONG = re.compile(r"(?<![\\*])\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?!\*)")
_EMPHASIS = re.compile(r"(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")


def heading(text: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, or None."""
    match = _HEADING.match(text)
    if not match:
        return None
    content = _CLOSING.sub("", match.group(2) or "").strip()
    return len(match.group(1)), content


def _item(text: str) -> bool:
    return bool(_BULLET.match(text) or _ORDERED.match(text))


def _inline(text: str) -> str:
    """The text without its emphasis marks."""
    wrapped = _BYLINE.match(text)
    if wrapped:
        text = wrapped.group(2)
    return _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", text))


def _blocks(units: list[Unit]) -> list[Unit]:
    """Merge lines of one blank-line separated block, except headings and list items."""
    blocks: list[Unit] = []
    for unit in units:
        starts_new = (
            unit.gap_before
            or not blocks
            or heading(unit.text) is not None
            or heading(blocks[-1].text) is not None
            or _item(unit.text)
        )
        if starts_new:
            blocks.append(Unit(unit.text, unit.line, unit.gap_before))
        else:
            text, _ = join_pair(blocks[-1].text, unit.text, dehyphenate=False)
            last = blocks[-1]
            blocks[-1] = Unit(text, last.line, last.gap_before, last.lines + (unit.line,))
    return blocks


def _body(block: Unit) -> Unit:
    text = _BULLET.sub("", block.text, count=1)
    return Unit(_inline(text), block.line, block.gap_before, block.lines)


def parse(text: str):
    """(title, subtitle, sections) where sections are (title, (affiliation, name, unit)|None, body)."""
    blocks = _blocks(split_units(text))
    title = subtitle = None
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]] = []
    current: Unit | None = None
    byline = None
    body: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = heading(block.text)
        if found is not None and not found[1]:
            pass  # an empty heading (``##``) has no text to keep
        elif found and found[0] == 1 and title is None and current is None and not body and not sections:
            title = Unit(_inline(found[1]), block.line)
            if i + 1 < len(blocks) and is_subtitle(blocks[i + 1].text):
                subtitle = blocks[i + 1]
                i += 1
        elif found:
            if current is not None or body:
                sections.append((current, byline, body))
            current, byline, body = Unit(_inline(found[1]), block.line), None, []
            if found[0] <= 2 and i + 1 < len(blocks):  # a byline under a speech's title, not a sub-heading
                by = _BYLINE.match(blocks[i + 1].text)
                if by:
                    line = by.group(2).strip()
                    parts = line.rsplit(None, 1)
                    affiliation, name = (parts[0], parts[1]) if len(parts) == 2 else ("", line)
                    byline = (affiliation, name, Unit(line, blocks[i + 1].line))
                    i += 1
        else:
            body.append(_body(block))
        i += 1
    if current is not None or body or not sections:
        sections.append((current, byline, body))
    return title, subtitle, sections
