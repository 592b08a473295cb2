"""A Document as the Markdown that states its structure (what ``segment --markdown`` prints).

::

    # title
    ——subtitle

    ## section title
    *affiliation name*

    body paragraph

    **一、sub-head**

The Markdown reader (:mod:`pipeline.ingest.markdown`) reads it back to the
same titles, bylines and paragraphs, so a user who finds a wrong guess fixes
the title or byline here by hand and builds from the ``.md``. Lines that were
dropped (boilerplate, page markers) are not written; repairs are already
applied. A byline's name is written without the padding inside it
(``陈 理`` → ``陈理``). Characters Markdown would read as marks (``*``, ``_``,
a ``#`` or ``1.`` at the start of a line …) are escaped with a backslash.
"""

from __future__ import annotations

import re

from pipeline.model import Document, Paragraph, Section


_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_BLOCK_START = re.compile(r"^(?:[#+=-]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """``text`` as Markdown that reads back as this text: inline marks and block starts escaped."""
    text = _SPECIAL.sub(r"\\\1", text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if start.group()[0].isdigit():  # 1. is a list item, 1\. is text
        return text[: start.end()] + "\\" + text[start.end() :]
    return "\\" + text


def _byline(section: Section) -> str:
    byline = section.byline
    if byline.affiliation and byline.name:
        return f"*{escape(byline.affiliation)} {escape(byline.name)}*"
    return f"*{escape(byline.text)}*"


def _paragraph(paragraph: Paragraph) -> str:
    if paragraph.role == "subheading":
        return f"**{escape(paragraph.text)}**"
    return escape(paragraph.text)


def to_markdown(doc: Document) -> str:
    """The Markdown text of ``doc``'s structure, ending with one newline."""
    blocks: list[str] = []
    front = []
    if doc.title is not None:
        front.append(f"# {escape(doc.title.text)}")
    if doc.subtitle is not None:
        front.append(escape(doc.subtitle.text) if doc.title is not None else f"# {escape(doc.subtitle.text)}")
    if front:
        blocks.append("\n".join(front))
    for section in doc.sections:
        head = []
        if section.title is not None:
            head.append(f"## {escape(section.title.text)}")
        if section.byline is not None:
            head.append(_byline(section))
        if head:
            blocks.append("\n".join(head))
        blocks.extend(_paragraph(p) for p in section.paragraphs)
    return "\n\n".join(blocks) + "\n"
