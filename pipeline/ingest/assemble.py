"""A Document from the structure a reader found: content-derived ids, sections, bylines.

``assemble(...)`` is the last step of every plain-text and Markdown read;
:class:`Ids` gives the ids the container readers (EPUB, DOCX) use too.
"""

from __future__ import annotations

from pipeline.ingest.structure import Unit
from pipeline.model import Byline, Document, Paragraph, Repair, Section, text_hash


class Ids:
    """Content-derived ids with an occurrence suffix for repeated texts."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def make(self, prefix: str, text: str) -> str:
        base = prefix + text_hash(text)[:8]
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


def assemble(
    *,
    name: str,
    language: str,
    path: str,
    encoding: str,
    title: Unit | None,
    subtitle: Unit | None,
    sections: list[tuple[Unit | None, tuple[str, str, Unit] | None, list[Unit]]],
    repairs: list[Repair],
    layout: str = "",
    doubts: tuple[tuple[int, str], ...] = (),
) -> Document:
    """Build the Document; sections are (title, (affiliation, name, byline unit), body units)."""
    pids, sids = Ids(), Ids()

    def para(unit: Unit | None, role: str) -> Paragraph | None:
        if unit is None:
            return None
        return Paragraph(id=pids.make("p", unit.text), text=unit.text, role=role, line=unit.line)

    doc_title = para(title, "title")
    doc_subtitle = para(subtitle, "subtitle")
    built: list[Section] = []
    for heading, byline, body in sections:
        head = para(heading, "heading")
        by = None
        if byline is not None:
            affiliation, person, unit = byline
            by = Byline(paragraph=para(unit, "byline"), affiliation=affiliation, name=person)
        paragraphs = tuple(para(u, u.role) for u in body)
        key = heading.text if heading is not None else (body[0].text if body else "")
        built.append(Section(id=sids.make("s", key), title=head, byline=by, paragraphs=paragraphs))
    return Document(
        name=name,
        language=language,
        title=doc_title,
        subtitle=doc_subtitle,
        sections=tuple(built),
        repairs=tuple(repairs),
        path=path,
        encoding=encoding,
        layout=layout,
        doubts=doubts,
        title_lines=tuple(line for heading, _, _ in sections if heading is not None for line in heading.lines[1:]),
    )
