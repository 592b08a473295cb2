"""diglot export / import: TMX and XLIFF for CAT tools."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.project import MEMORY_FILE

_PROJECT = click.option(
    "--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help=f"The project folder (its translation memory is {MEMORY_FILE.as_posix()}).",
)
_FROM = click.option("--from", "source_language", default=None, help="Source language code (default: diglot.toml, else zh).")
_TO = click.option("--to", "target_language", default=None, help="Target language code (default: diglot.toml, else en).")


def _pair(project: Path, source_language: str | None, target_language: str | None) -> tuple[str, str]:
    settings = _project(project, source_language, target_language).settings
    return settings.source_language, settings.target_language


def _project(project: Path, source_language: str | None, target_language: str | None, sources=()):
    """The project, in the pair its build takes: with neither --from nor diglot.toml, the source
    language is found in the sources' text as the build finds it (the default where it has none)."""
    from pipeline.errors import SourceError
    from pipeline.prepare import source_language as decided
    from pipeline.project import Named, Project

    overrides = {"source_language": source_language, "target_language": target_language}
    found = Project.load(project, overrides, Named(sources=tuple(sources)))
    try:
        found.sources()
    except SourceError:  # no sources here (a memory alone): the default pair, as before
        return found
    return decided(found)


@click.group()
def export() -> None:
    """Export the memory as TMX, documents as XLIFF, the glossary as TBX, or all as an OmegaT project, for CAT tools."""


@export.command("tmx")
@_PROJECT
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The TMX file to write (default: output/memory-FROM-TO.tmx).")
@click.option("--reviewed-only", is_flag=True, help="Only reviewed and approved entries, not machine output.")
@_FROM
@_TO
def export_tmx(project: Path, out: Path | None, reviewed_only: bool, source_language, target_language) -> None:
    """Write the translation memory as TMX 1.4b."""
    from pipeline.cli.review import existing_memory
    from pipeline.interchange import write_tmx
    from pipeline.project import DEFAULT_OUT_DIR

    sl, tl = _pair(project, source_language, target_language)
    out = out or project / DEFAULT_OUT_DIR / f"memory-{sl}-{tl}.tmx"
    with existing_memory(project) as memory:
        count = write_tmx(memory, out, sl, tl, reviewed_only=reviewed_only)
    click.echo(f"wrote {out} ({count} translation units{', reviewed only' if reviewed_only else ''})")


@export.command("xliff")
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@_PROJECT
@click.option("--version", "version", type=click.Choice(["2.1", "1.2"]), default="2.1", show_default=True,
              help="XLIFF version; 1.2 for CAT tools that do not read 2.x.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for NAME.xlf (default: output/).")
@click.option("--target", "target", type=click.Choice(["machine", "source", "empty"]), default="machine", show_default=True,
              help="What <target> holds where there is no reviewed text: the machine text, or for CAT tools that "
                   "translate the target (OmegaT) a copy of the source or nothing, the machine text then a match.")
@_FROM
@_TO
def export_xliff(sources, project: Path, version: str, out_dir: Path | None, target: str, source_language,
                 target_language) -> None:
    """Write each source (default: every file in source/) as XLIFF, targets from the memory.

    One unit per segment; the state follows the status (machine → translated,
    reviewed → reviewed, approved → final); term problems become notes.
    For OmegaT: --version 1.2 --target source. Import the translated file
    back with `diglot import xliff`.
    """
    from pipeline.prepare import read_sources
    from pipeline.cli.review import existing_memory, load_project_glossary
    from pipeline.interchange import edition_from_memory, record_export, write_xliff
    from pipeline.project import DEFAULT_OUT_DIR

    found = _project(project, source_language, target_language, sources)
    sl, tl = found.settings.source_language, found.settings.target_language
    documents = read_sources(found.sources(), sl)
    glossary = load_project_glossary(project, sl, tl, lambda m: click.echo(f"diglot: {m}", err=True))
    out_dir = out_dir or project / DEFAULT_OUT_DIR
    with existing_memory(project) as memory:
        for document in documents:
            edition = edition_from_memory(document, memory, sl, tl, glossary=glossary)
            path = write_xliff(edition, out_dir / f"{document.name}.xlf", version=version, target=target)
            record_export(memory, edition)
            click.echo(f"wrote {path} (XLIFF {version}, {len(edition.translations)} units)")


@export.command("tbx")
@_PROJECT
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The TBX file to write (default: output/glossary-FROM-TO.tbx).")
@_FROM
@_TO
def export_tbx(project: Path, out: Path | None, source_language, target_language) -> None:
    """Write the project's glossary (every file in glossary/, or diglot.toml's) as TBX v2 Basic.

    Each rendering has its TBX-Basic status (administrativeStatus): the target
    preferred, variants admitted, forbidden renderings deprecatedTerm-admn-sts,
    for termbase tools that read it. OmegaT 3.6 reads no status and would offer them as choices: for OmegaT,
    `diglot export omegat` writes its own tab-separated glossary instead.
    """
    from pipeline.errors import GlossaryError
    from pipeline.glossary.export import write_tbx
    from pipeline.project import DEFAULT_OUT_DIR

    found = _project(project, source_language, target_language)
    sl, tl = found.settings.source_language, found.settings.target_language
    glossary = found.load_glossary()
    if glossary is None:
        raise GlossaryError("no glossary files (.csv, .tsv, .tbx) in glossary/ and none in diglot.toml", path=project)
    out = out or project / DEFAULT_OUT_DIR / f"glossary-{sl}-{tl}.tbx"
    count = write_tbx(glossary, out, sl, tl)
    click.echo(f"wrote {out} ({count} terms, TBX v2 Basic)")


@export.command("omegat")
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@_PROJECT
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The OmegaT project folder to write or refresh (default: output/omegat/).")
@_FROM
@_TO
def export_omegat(sources, project: Path, out_dir: Path | None, source_language, target_language) -> None:
    """Write an OmegaT project: each source (default: every file in source/), the memory, the glossary.

    \b
    omegat.project                the language pair, sentence segmentation off (kept if there)
    source/NAME.xlf               XLIFF 1.2, a copy of the source in each target
    tm/auto/diglot-reviewed.tmx   reviewed text, put in by OmegaT as the translation
    tm/diglot-memory.tmx          the whole memory, offered as matches
    glossary/diglot-FROM-TO.txt   the glossary as OmegaT reads it (forbidden renderings in the comment)

    Open the folder in OmegaT (3.6 or later). Exporting again refreshes these
    files and leaves OmegaT's own alone. After Create Translated Documents,
    bring target/NAME.xlf back with `diglot import xliff`.
    """
    from pipeline.cli.review import existing_memory, load_project_glossary
    from pipeline.glossary.export import omegat_left_out
    from pipeline.interchange import edition_from_memory, record_export
    from pipeline.interchange.omegat import write_omegat_project
    from pipeline.prepare import read_sources
    from pipeline.project import DEFAULT_OUT_DIR

    found = _project(project, source_language, target_language, sources)
    sl, tl = found.settings.source_language, found.settings.target_language
    documents = read_sources(found.sources(), sl)
    glossary = load_project_glossary(project, sl, tl, lambda m: click.echo(
        f"diglot: {m}; the OmegaT project gets no glossary", err=True))
    out_dir = out_dir or project / DEFAULT_OUT_DIR / "omegat"
    with existing_memory(project) as memory:
        editions = [edition_from_memory(d, memory, sl, tl, glossary=glossary) for d in documents]
        written = write_omegat_project(editions, out_dir, sl, tl, glossary=glossary, memory=memory)
        for edition in editions:
            record_export(memory, edition)
    kept = "" if written.project_file else " (its own omegat.project kept)"
    click.echo(f"wrote the OmegaT project {out_dir}{kept}:")
    for path, units in written.documents:
        click.echo(f"  {path} ({units} units)")
    click.echo(f"  tm/auto/diglot-reviewed.tmx ({written.reviewed} reviewed units)")
    click.echo(f"  tm/diglot-memory.tmx ({written.memory} units)")
    if written.glossary:
        click.echo(f"  {written.glossary} ({written.glossary_lines} entries)")
        left_out = omegat_left_out(glossary)
        if left_out:
            click.echo(f"diglot: {len(left_out)} term(s) left out of the OmegaT glossary, which reads a line "
                       f"starting with # as a comment: {', '.join(left_out[:5])}", err=True)


@click.group("import")
def import_() -> None:
    """Import a TMX into the memory, or a translated XLIFF back."""


@import_.command("tmx")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_PROJECT
@_FROM
@_TO
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_tmx_command(file: Path, project: Path, source_language, target_language, dry_run: bool, as_json: bool) -> None:
    """Store a TMX's translation units in the memory as reviewed.

    The TMX is read in its own languages (its srclang and <tuv xml:lang>); one
    of another pair than the project's (diglot.toml, --from/--to) is refused.
    In a folder without diglot.toml the pair is the file's.

    A previous volume's memory then serves the next: `diglot build` reuses
    every exact source match. Reviewed text already in the memory is kept.
    """
    from pipeline.cli.review import project_memory
    from pipeline.config import CONFIG_FILE
    from pipeline.interchange import import_tmx
    from pipeline.interchange.tmx import read_tmx_file

    given = source_language or target_language or (project / CONFIG_FILE).exists()
    pair = _pair(project, source_language, target_language)
    found = read_tmx_file(file, pair if given else None, default=pair)
    sl, tl = found.source_language, found.target_language  # without diglot.toml or flags: the file's
    with project_memory(project) as memory:  # a refused file opens (and creates) no memory
        report = import_tmx(file, memory, sl, tl, dry_run=dry_run, read=(found.units, found.skipped))
    if as_json:
        click.echo(json.dumps({
            "path": report.path, "units": report.units, "stored": len(report.stored),
            "unchanged": len(report.unchanged), "kept": list(report.kept), "skipped": report.skipped,
            "duplicates": list(report.duplicates), "untranslated": len(report.untranslated),
            "conflicts": [{"source": s, "targets": list(t)} for s, t in report.conflicts],
            "dry_run": report.dry_run,
        }, ensure_ascii=False, indent=2))
        return
    verb = "would store" if dry_run else "stored"
    click.echo(f"{file}: {report.units} units ({sl}→{tl}); {verb} {len(report.stored)} as reviewed, "
               f"{len(report.unchanged)} already there, {len(report.kept)} kept (other reviewed text in the memory), "
               f"{report.skipped} skipped (not both languages)")
    if report.duplicates:
        click.echo(f"  {len(report.duplicates)} source(s) repeated in the file with the same target (stored once)")
    if report.untranslated:
        click.echo(f"  {len(report.untranslated)} untranslated (empty target, or a copy of the source): not stored")
    if report.conflicts:
        click.echo(f"  {len(report.conflicts)} source(s) with different targets in the file: none stored; "
                   "keep one unit per source and import again")
        for source, targets in report.conflicts[:10]:
            click.echo(f"    {source}: " + " | ".join(targets))


@import_.command("xliff")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_PROJECT
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_xliff_command(file: Path, project: Path, dry_run: bool, as_json: bool) -> None:
    """Import a translated XLIFF (2.x or 1.2) exported by diglot, under the three-way rule."""
    from pipeline.cli.review import existing_memory, print_report
    from pipeline.interchange import import_xliff, read_xliff

    read = read_xliff(file)  # a refused file opens no memory
    _, sl, tl, _ = read
    glossary = load_glossary_quietly(project, sl, tl)
    with existing_memory(project) as memory:
        report = import_xliff(file, memory, dry_run=dry_run, glossary=glossary, read=read)
    print_report(report, as_json)


def load_glossary_quietly(project: Path, sl: str, tl: str):
    from pipeline.cli.review import load_project_glossary

    return load_project_glossary(project, sl, tl, lambda m: click.echo(f"diglot: {m}", err=True))


COMMANDS = [export, import_]
