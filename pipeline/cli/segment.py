"""diglot segment: show how a source is read, segmented and repaired."""

from __future__ import annotations

import json

import click


def document_to_json(doc) -> dict:
    """The --json shape of a segmented Document."""
    from pipeline.marks import marks_to_json

    def para(p):
        return {
            "id": p.id,
            "text": p.text,
            "line": p.line,
            "role": p.role,
            "segments": [{"id": s.id, "text": s.text, "marks": marks_to_json(s.marks)} for s in p.segments],
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
        "format": doc.format,
        "sections": sections,
        "notes": [para(p) for p in doc.notes],
        "segments": sum(len(b.segments) for b in doc.blocks()),
        "repairs": [{"kind": r.kind, "lines": list(r.lines), "detail": r.detail} for r in doc.repairs],
        "lines": [{"line": line, "role": role} for line, role, _ in line_roles(doc)],
        "layout": doc.layout,
        "doubts": [{"line": line, "why": why} for line, why in doc.doubts],
    }


CONTINUES = ("joined", "dehyphenated")


def line_roles(doc) -> list[tuple[int, str, str]]:
    """(line, role, what) for every source line that holds text, in line order.

    Roles: title, subtitle, heading, byline, body, subheading, note, ``+`` (a
    line joined to the paragraph above it) and dropped.
    """
    roles: dict[int, tuple[str, str]] = {}

    def put(paragraph, role=None):
        if paragraph is not None and paragraph.line:
            roles.setdefault(paragraph.line, (role or paragraph.role, paragraph.text))

    put(doc.title)
    put(doc.subtitle)
    for section in doc.sections:
        put(section.title)
        if section.byline is not None:
            byline = section.byline
            roles.setdefault(byline.paragraph.line, ("byline", f"{byline.affiliation} | {byline.name}"))
        for paragraph in section.paragraphs:
            put(paragraph)
    for line in doc.title_lines:
        roles.setdefault(line, ("heading", "(second line of the title)"))
    for repair in doc.repairs:
        if repair.kind == "dropped":
            roles[repair.lines[0]] = ("dropped", repair.detail.split(": ", 1)[-1])
        elif repair.kind in CONTINUES:
            roles.setdefault(repair.lines[1], ("+", f"(continues line {repair.lines[0]}: {repair.kind})"))
        elif repair.kind == "unwrapped":
            for line in repair.lines:
                roles.setdefault(line, ("+", "(hard wrap)"))
    return [(line, role, text) for line, (role, text) in sorted(roles.items())]


def _print_lines(doc, width: int = 48) -> None:
    click.echo("lines (role of each line that holds text; ? where the role is a guess, see the warnings):")
    unsure = {line for line, _ in doc.doubts}
    for line, role, text in line_roles(doc):
        shown = text if len(text) <= width else text[: width - 1] + "…"
        click.echo(f"{line:>6}{'?' if line in unsure else ' '} {role:<10} {shown}")


def _mark_line(text: str, mark) -> str:
    where = f"{mark.start}-{mark.end}" if mark.end > mark.start else f"at {mark.start}"
    covered = f" {text[mark.start:mark.end]!r}" if mark.end > mark.start else ""
    return f"{mark.kind} {where}{covered}{' ' + mark.href if mark.href else ''}"


def _print_paragraphs(paragraphs) -> None:
    for paragraph in paragraphs:
        role = "" if paragraph.role == "body" else f", {paragraph.role}"
        where = f"line {paragraph.line}" if paragraph.line or not paragraph.anchor else paragraph.anchor
        click.echo(f"    {paragraph.id} ({where}{role})")
        for segment in paragraph.segments:
            click.echo(f"      {segment.id:<16} {segment.text}")
            for mark in segment.marks:
                click.echo(f"      {'':<16}   {_mark_line(segment.text, mark)}")


def _print_human(doc, language) -> None:
    echo = click.echo
    echo(f"{doc.path}  ({doc.encoding}, {doc.language})")
    echo(f"language: {language.describe()}")
    if doc.layout:
        echo(f"layout:   {doc.layout}")
    echo(f"title:    {doc.title.text if doc.title else '(none)'}")
    echo(f"subtitle: {doc.subtitle.text if doc.subtitle else '(none)'}")
    echo("")
    if any(block.line for block in doc.blocks()):  # a book (EPUB) has entries and anchors, not lines
        _print_lines(doc)
    total = 0
    for number, section in enumerate(doc.sections, start=1):
        echo("")
        heading = section.title.text if section.title is not None else "(untitled)"
        echo(f"[{number}] {section.id}  {heading}")
        if section.byline is not None:
            echo(f"    byline: {section.byline.affiliation} | {section.byline.name}")
        _print_paragraphs(section.paragraphs)
        total += len(section.paragraphs)
    if doc.notes:  # footnotes and endnotes (Markdown, Word and EPUB sources)
        echo("")
        echo(f"notes ({len(doc.notes)}):")
        _print_paragraphs(doc.notes)
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
@click.option("--from", "language", metavar="LANG",
              help="Language of the source (an Argos code: zh, en, fr, ...; default: found in its text, else zh).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object to stdout instead of the listing.")
@click.option("--markdown", "as_markdown", is_flag=True,
              help="Print the structure found as Markdown (# title, ——subtitle, ## section, *byline*): "
                   "save it as NAME.md, fix a wrong title or byline there, and build from it.")
def segment(source: str, language: str | None, as_json: bool, as_markdown: bool) -> None:
    """Show how SOURCE is read: structure, sentences and page-break repairs.

    SOURCE is a .txt file (structure detected: title, ——subtitle, section
    titles with bylines, chapter headings, editor's notes, sub-heads) or a
    .md file (# title, ## section, *byline*). The listing starts with each
    line's role (title, subtitle, heading, byline, body, subheading, note,
    + for a line joined to the one above, dropped), then lists each segment
    with its stable id (paragraph id + sentence number). Paragraphs that a
    page break or hard wrap split are joined and reported; a paragraph cut
    off before the next title is kept and reported as truncated; page
    markers and ebook-site boilerplate are dropped and reported; repeated
    paragraphs are reported. A structure that looks wrong gets a warning on
    stderr: check it with --markdown, fix the .md, build from it.
    """
    from pipeline import languages
    from pipeline.config import BuildSettings
    from pipeline.errors import LanguageError
    from pipeline.prepare import SourceLanguage, decide_language, read_source
    from pipeline.segment import segment_document

    if language is not None:
        try:
            language = languages.check(language)
        except LanguageError as error:
            raise LanguageError(f"--from: {error}") from None
    if as_json and as_markdown:
        raise click.UsageError("--json and --markdown: choose one")
    doc, found = read_source(source, language, default=BuildSettings.source_language)
    told, notes = (SourceLanguage(doc.language, "given"), ()) if found is None else \
        decide_language([(doc, found)], BuildSettings.source_language)
    from pipeline.ingest.checks import HINT, structure_warnings

    for note in notes:
        click.echo(f"warning: {note}", err=True)
    warnings = structure_warnings(doc)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if warnings and not as_markdown:
        click.echo(f"hint: {HINT.replace('SOURCE', source).replace('NAME', doc.name)}", err=True)
    if as_markdown:
        from pipeline.ingest.to_markdown import to_markdown

        click.echo(to_markdown(doc), nl=False)
        return
    doc = segment_document(doc)
    if as_json:
        click.echo(json.dumps(document_to_json(doc) | {"source_language": told.as_dict()}, ensure_ascii=False, indent=2))
    else:
        _print_human(doc, told)


COMMANDS = [segment]
