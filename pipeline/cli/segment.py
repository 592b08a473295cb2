"""diglot segment: show how a source is read, segmented and repaired."""

from __future__ import annotations

import json

import click


def document_to_json(doc) -> dict:
    """The --json shape of a segmented Document."""

    def para(p):
        return {
            "id": p.id,
            "text": p.text,
            "line": p.line,
            "segments": [{"id": s.id, "text": s.text} for s in p.segments],
        }

    sections = []
    for section in doc.sections:
        byline = None
        if section.byline is not None:
            byline = {
                "id": section.byline.paragraph.id,
                "text": section.byline.text,
                "affiliation": section.byline.affiliation,
                "name": section.byline.name,
            }
        sections.append(
            {
                "id": section.id,
                "title": section.title.text if section.title is not None else None,
                "title_id": section.title.id if section.title is not None else None,
                "byline": byline,
                "paragraphs": [para(p) for p in section.paragraphs],
            }
        )
    return {
        "name": doc.name,
        "path": doc.path,
        "encoding": doc.encoding,
        "title": doc.title.text if doc.title is not None else None,
        "subtitle": doc.subtitle.text if doc.subtitle is not None else None,
        "language": doc.language,
        "sections": sections,
        "segments": sum(len(b.segments) for b in doc.blocks()),
        "repairs": [{"kind": r.kind, "lines": list(r.lines), "detail": r.detail} for r in doc.repairs],
    }


def _print_human(doc) -> None:
    echo = click.echo
    echo(f"{doc.path}  ({doc.encoding}, {doc.language})")
    echo(f"title:    {doc.title.text if doc.title else '(none)'}")
    echo(f"subtitle: {doc.subtitle.text if doc.subtitle else '(none)'}")
    total = 0
    for number, section in enumerate(doc.sections, start=1):
        echo("")
        heading = section.title.text if section.title is not None else "(untitled)"
        echo(f"[{number}] {section.id}  {heading}")
        if section.byline is not None:
            echo(f"    byline: {section.byline.affiliation} | {section.byline.name}")
        for paragraph in section.paragraphs:
            echo(f"    {paragraph.id} (line {paragraph.line})")
            for segment in paragraph.segments:
                echo(f"      {segment.id:<16} {segment.text}")
        total += len(section.paragraphs)
    segments = sum(len(b.segments) for b in doc.blocks())
    echo("")
    echo(f"{len(doc.sections)} sections, {total} body paragraphs, {segments} segments")
    if doc.repairs:
        echo(f"repairs ({len(doc.repairs)}):")
        for repair in doc.repairs:
            echo(f"  {repair.kind:<12} {repair.detail}")
    else:
        echo("repairs: none")


@click.command("segment")
@click.argument("source", type=click.Path(path_type=str))
@click.option("--from", "language", default="zh", show_default=True, metavar="LANG",
              help="Language of the source (an Argos code: zh, en, fr, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object to stdout instead of the listing.")
def segment(source: str, language: str, as_json: bool) -> None:
    """Show how SOURCE is read: structure, sentences and page-break repairs.

    SOURCE is a .txt file (structure detected: title, ——subtitle, section
    titles with bylines) or a .md file (# title, ## section, *byline*).
    Each segment is listed with its stable id (paragraph id + sentence number).
    Paragraphs that a page break split are joined and reported; a paragraph
    cut off before the next title is kept and reported as truncated.
    """
    from pipeline import languages
    from pipeline.errors import LanguageError
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    try:
        language = languages.check(language)
    except LanguageError as error:
        raise LanguageError(f"--from: {error}") from None
    doc = segment_document(read_document(source, language=language))
    if as_json:
        click.echo(json.dumps(document_to_json(doc), ensure_ascii=False, indent=2))
    else:
        _print_human(doc)


COMMANDS = [segment]
