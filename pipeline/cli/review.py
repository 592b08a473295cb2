"""diglot review commands: bring a reviewer's edits back into the memory."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from pipeline.project import MEMORY_FILE

_PROJECT = click.option(
    "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help=f"The project folder (its translation memory is {MEMORY_FILE.as_posix()}).",
)


@click.group()
def review() -> None:
    """Bring a reviewer's edits from the review DOCX back into the memory.

    Edit NAME.review.docx in Word (tracked changes are fine): change the
    Target column, set Status to approved, add a Note. Then run
    `diglot review import NAME.review.docx`; the next `diglot build` uses the
    reviewed text and never replaces it with machine output.
    """


def existing_memory(project: Path):
    """The project's translation memory, refusing (one line) where there is none."""
    from pipeline.memory import TranslationMemory
    from pipeline.project import Project

    return TranslationMemory(Project(project).existing_memory())


def project_memory(project: Path):
    """The memory of a project folder, created if the project has none yet (a folder that is no project is refused)."""
    from pipeline.memory import TranslationMemory
    from pipeline.project import Project

    return TranslationMemory(Project(project).new_or_existing_memory())


def load_project_glossary(project: Path, source_language: str, target_language: str, warn):
    """The project's glossary for term checks, or None (a broken glossary only warns)."""
    from pipeline.errors import DiglotError
    from pipeline.project import Project

    try:
        return Project.load(project).load_glossary(source_language, target_language)
    except DiglotError as error:
        warn(f"terms not checked: {error}")
        return None


def print_report(report, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    from pipeline.review.summary import by_reason, listed

    head = "would apply" if report.dry_run else "applied"
    click.echo(f"{report.path}: document {report.document} ({report.source_language}→{report.target_language})")
    click.echo(f"  {head}: {len(report.applied)}"
               + (": " + listed([f"{i} ({s})" for i, s in report.applied], 20) if report.applied else ""))
    if report.matched_by_source:
        click.echo(f"  matched by source (their paragraph was edited): {len(report.matched_by_source)}: "
                   + listed([f"{was} → {now}" for was, now in report.matched_by_source], 20))
    click.echo(f"  unchanged: {len(report.unchanged)}")
    for title, items in (("conflicts", report.conflicts), ("rejected", report.rejected)):
        click.echo(f"  {title}: {len(items)}")
        for line in by_reason(items):  # counted by reason, the first ids (--json: every one)
            click.echo(f"    {line}")
    if report.missing:
        click.echo(f"  not in the file (left as they are): {len(report.missing)}")
    if report.term_warnings:
        click.echo(f"  term warnings: {len(report.term_warnings)}")
        for line in by_reason(report.term_warnings):
            click.echo(f"    {line}")
    if report.dry_run:
        click.echo("  dry run: nothing was written")
    elif report.conflicts:
        click.echo("  conflicts are kept in the memory; list them with `diglot review conflicts`, then settle them"
                   " with `diglot review resolve [ID...] --keep reviewer|memory`")


@review.command("import")
@click.argument("edited", type=click.Path(dir_okay=False, path_type=Path))
@_PROJECT
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_review_command(edited: Path, project: Path, dry_run: bool, as_json: bool) -> None:
    """Import an edited review DOCX (EDITED) into the translation memory.

    Rows are matched by the hidden segment ids, never by position. A row
    changed only by the reviewer is stored as reviewed (approved when its
    Status says approved); a row also changed in the memory since the export
    is a conflict: both texts are kept, nothing is applied. Rows whose source
    changed since the export, or whose id is unknown or duplicated, are
    rejected. All of it is one transaction.
    """
    from pipeline.review import apply_review
    from pipeline.review.docx import read_review_docx

    review_file = read_review_docx(edited)  # refuses a file that is not ours before the memory is opened
    glossary = load_project_glossary(project, review_file.source_language, review_file.target_language,
                                     lambda m: click.echo(f"diglot: {m}", err=True))
    with existing_memory(project) as memory:
        report = apply_review(review_file, memory, dry_run=dry_run, glossary=glossary)
    print_report(report, as_json)


@review.command("conflicts")
@_PROJECT
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
def conflicts_command(project: Path, as_json: bool) -> None:
    """List the conflicts stored by imports: the memory's text and the reviewer's."""
    with existing_memory(project) as memory:
        items = list(memory.conflicts())
    rows = [dataclasses.asdict(c) for c in items]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        click.echo("no conflicts")
        return
    for row in rows:
        click.echo(f"[{row.get('id', '')}] {row.get('document', '')} {row.get('segment_id', '')}"
                   f" ({row.get('origin', '')}, {row.get('created', '')})")
        click.echo(f"  memory:   {row.get('memory_target', '')}")
        click.echo(f"  reviewer: {row.get('reviewer_target', '')}")
    click.echo("settle them with `diglot review resolve [ID...] --keep reviewer|memory`")


@review.command("resolve")
@click.argument("ids", nargs=-1, type=int)
@click.option("--keep", type=click.Choice(["reviewer", "memory"]), required=True,
              help="reviewer: store the reviewer's text as reviewed; memory: keep the memory's text.")
@_PROJECT
def resolve_command(ids: tuple[int, ...], keep: str, project: Path) -> None:
    """Settle stored conflicts (IDs from `diglot review conflicts`; none given: every open one).

    With --keep reviewer the reviewer's text is stored as reviewed, and the
    next `diglot build` uses it; with --keep memory the memory's text stays.
    Either way the conflict is closed. All of it is one transaction.
    """
    with existing_memory(project) as memory:
        closed = memory.resolve_conflicts(list(ids) if ids else None, keep)
    if not closed:
        click.echo("no open conflicts")
        return
    kept = "the reviewer's text (stored as reviewed)" if keep == "reviewer" else "the memory's text"
    click.echo(f"resolved {len(closed)} conflict{'s' if len(closed) != 1 else ''}, keeping {kept}: "
               + ", ".join(f"{c.id} ({c.segment_id})" for c in closed))


COMMANDS = [review]
