"""Warnings about a detected structure that looks inconsistent.

``structure_warnings(doc)`` says, in one line each, where detection probably
went wrong, so that the user checks it with ``diglot segment SOURCE
--markdown`` and fixes the guess by hand:

- one section several times longer than the others (a title or a chapter
  heading was probably missed, and two sections became one);
- a compilation where every section but one has a byline (that one's byline,
  or its title, was probably not recognised);
- each line whose role detection guessed against the document's regularity
  (``Document.doubts``: a byline-shaped line without a title above it, a short
  unpunctuated line joined to the next where no indent marks paragraphs).
"""

from __future__ import annotations

from statistics import median

from pipeline.model import Document, Section

LONG_FACTOR = 4  # a section this many times the others' median length is suspicious
MIN_SECTIONS = 3
HINT = "see the structure with diglot segment SOURCE --markdown > NAME.md, fix it there and build from the .md"


def _label(number: int, section: Section) -> str:
    title = section.title.text if section.title is not None else "(untitled)"
    return f"section {number} ({title[:30]!r})"


def structure_warnings(doc: Document) -> tuple[str, ...]:
    """One line per inconsistency in ``doc``'s structure (plain-text sources only)."""
    if doc.format != "text":
        return ()
    warnings: list[str] = []
    titled = [(n, s) for n, s in enumerate(doc.sections, start=1) if s.title is not None]
    sizes = [sum(len(p.text) for p in s.paragraphs) for s in doc.sections]
    if len(titled) >= MIN_SECTIONS:
        longest = max(range(len(sizes)), key=sizes.__getitem__)
        others = sizes[:longest] + sizes[longest + 1 :]
        middle = median(others) if others else 0
        if middle and sizes[longest] > LONG_FACTOR * middle:
            section = doc.sections[longest]
            warnings.append(
                f"{_label(longest + 1, section)} is {sizes[longest] / middle:.0f} times as long as the others "
                f"({len(section.paragraphs)} paragraphs): a title or chapter heading inside it may have been missed"
            )
        without = [(n, s) for n, s in titled if s.byline is None]
        if len(without) == 1 and len(titled) - 1 >= MIN_SECTIONS - 1:
            n, section = without[0]
            warnings.append(
                f"{_label(n, section)} has no byline while the other {len(titled) - 1} have one: "
                "its byline (or its title) may not have been recognised"
            )
    warnings.extend(f"line {line}: {why}" for line, why in doc.doubts)
    return tuple(warnings)
