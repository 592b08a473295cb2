"""Markdown sources: the explicit way to state structure.

::

    # Document title
    ——subtitle (a line starting with —— right under the title)

    ## Section title
    *office、office Name*

    Body paragraph, blank-line separated; lines of one paragraph are joined
    (without a space between CJK characters).

No detection, no page-break repair: what the author marked is what is read.
"""

from __future__ import annotations

import re

from pipeline.ingest.structure import Unit, is_subtitle, split_units
from pipeline.ingest.repair import join_pair

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BYLINE = re.compile(r"^(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1$")


def _blocks(units: list[Unit]) -> list[Unit]:
    """Merge lines of one blank-line separated block, except headings."""
    blocks: list[Unit] = []
    for unit in units:
        starts_new = unit.gap_before or not blocks or _HEADING.match(unit.text) or _HEADING.match(blocks[-1].text)
        if starts_new:
            blocks.append(Unit(unit.text, unit.line, unit.gap_before))
        else:
            text, _ = join_pair(blocks[-1].text, unit.text)
            last = blocks[-1]
            blocks[-1] = Unit(text, last.line, last.gap_before, last.lines + (unit.line,))
    return blocks


def parse(text: str):
    """(title, subtitle, sections) where sections are (title, (affiliation, name, unit)|None, body)."""
    blocks = _blocks(split_units(text))
    title = subtitle = None
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]] = []
    heading: Unit | None = None
    byline = None
    body: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        match = _HEADING.match(block.text)
        if match and len(match.group(1)) == 1 and title is None and heading is None and not body and not sections:
            title = Unit(match.group(2), block.line)
            if i + 1 < len(blocks) and is_subtitle(blocks[i + 1].text):
                subtitle = blocks[i + 1]
                i += 1
        elif match and len(match.group(1)) == 2:
            if heading is not None or body:
                sections.append((heading, byline, body))
            heading, byline, body = Unit(match.group(2), block.line), None, []
            if i + 1 < len(blocks):
                by = _BYLINE.match(blocks[i + 1].text)
                if by:
                    line = by.group(2).strip()
                    parts = line.rsplit(None, 1)
                    affiliation, name = (parts[0], parts[1]) if len(parts) == 2 else ("", line)
                    byline = (affiliation, name, Unit(line, blocks[i + 1].line))
                    i += 1
        else:
            body.append(block)
        i += 1
    if heading is not None or body or not sections:
        sections.append((heading, byline, body))
    return title, subtitle, sections
