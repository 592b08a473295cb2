"""diglot build: the main job, run in a project folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.engines import ENGINES  # the registry and the output names: no engine or writer is imported
from pipeline.engines.settings import DEVICES
from pipeline.formats import DEFAULT_FORMATS, NAMES
from pipeline.project import STATE_DIR
from pipeline.render import LAYOUTS, PAGE_SIZES


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--from", "source_language", metavar="LANG",
              help="Source language code (default: diglot.toml, else found in the sources' text, else zh).")
@click.option("--to", "target_language", metavar="LANG", help="Target language code (default en, or diglot.toml).")
@click.option("--out", "out_dir", metavar="DIR", type=click.Path(path_type=Path),
              help="Where outputs go (default output/ in the project).")
@click.option("--project", metavar="DIR", type=click.Path(path_type=Path, file_okay=False), default=".", show_default=True,
              help=f"The project folder: source/, glossary/, diglot.toml, and the memory in {STATE_DIR.as_posix()}/.")
@click.option("--glossary", "glossaries", metavar="PATH", multiple=True, type=click.Path(path_type=Path),
              help="A glossary file (CSV, TSV or TBX); repeat for several. Default: every file in glossary/.")
@click.option("--format", "formats", metavar="LIST",
              help=f"Outputs, comma-separated: {', '.join(NAMES)} (default {','.join(DEFAULT_FORMATS)}).")
@click.option("--layout", type=click.Choice(LAYOUTS),
              help="How source and translation are laid out in the EPUB (default interleaved); "
                   "the edition DOCX takes interleaved or side-by-side; a Word source's NAME.docx "
                   "takes interleaved or translation-only (the translated document).")
@click.option("--page-size", type=click.Choice(PAGE_SIZES, case_sensitive=False),
              help="Review DOCX paper (default A4).")
@click.option("--engine", "engine_name", type=click.Choice(list(ENGINES)),
              help="; ".join(f"{name}: {spec.summary}" for name, spec in ENGINES.items()) + ".")
@click.option("--device", "engine_device", type=click.Choice(DEVICES), help="Where the model runs (default auto).")
@click.option("--threads", "engine_threads", type=click.IntRange(min=0), help="CPU threads for decoding (0: one per core).")
@click.option("--beam-size", "engine_beam_size", type=click.IntRange(min=1), help="Beam width (default 4).")
@click.option("--ray", "cluster_ray", metavar="ADDRESS",
              help="Translate on Ray actors: local (start Ray here), auto (this machine's cluster) or "
                   "ray://host:port. Needs pip install 'diglot[ray]'; see docs/scaling.md.")
@click.option("--estimate", is_flag=True,
              help="Translate nothing: print the segments to translate and, for a chat model, the tokens "
                   "and cost (with prices set) a build would use. Sends nothing, writes nothing.")
@click.option("--wait", is_flag=True, help="If another build runs in this project, wait for it instead of stopping.")
@click.option("--prune", is_flag=True, help="Remove the outputs of sources that are gone (otherwise only listed).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def build(sources, source_language, target_language, out_dir, project, glossaries, formats, layout, page_size,
          engine_name, engine_device, engine_threads, engine_beam_size, cluster_ray, estimate, wait, prune, as_json, quiet):
    """Build bilingual editions of SOURCES (default: every file in source/).

    Reads and segments each source, matches the glossary, translates what the
    translation memory does not hold yet, and writes NAME.review.docx (for the
    reviewer), NAME.docx (for print), NAME.epub and NAME.terms.csv/.json (the
    term report) into output/. Reviewed text is never replaced by machine
    output. Interrupt it at any time: the next run continues where it stopped.
    One build at a time per project (--wait to queue behind a running one).
    """
    from pipeline.build import build as run_build
    from pipeline.summary import summary_json
    from pipeline.project import Named, Project

    # paths named here are the user's, relative to where the command runs; those in diglot.toml stay in the project
    named = Named(sources=tuple(sources), glossaries=tuple(g.resolve() for g in glossaries),
                  out_dir=out_dir.resolve() if out_dir else None)
    found = Project.load(project, {
        "source_language": source_language, "target_language": target_language,
        "formats": formats, "layout": layout, "page_size": page_size,
        "engine_name": engine_name, "engine_device": engine_device,
        "engine_threads": engine_threads, "engine_beam_size": engine_beam_size, "cluster_ray": cluster_ray,
    }, named)
    settings = found.settings
    if estimate:
        _estimate(found, as_json)
        return
    show = not quiet and not as_json
    with _progress_bar(enabled=show and sys.stderr.isatty()) as (log, progress):
        result = run_build(found, log=log if show else None, progress=progress, wait=wait, prune=prune)
    for warning in result.warnings:  # each once (the build dedupes them), also with --quiet and --json
        click.echo(f"diglot: warning: {warning}", err=True)
    if as_json:
        click.echo(summary_json(result))
        return
    if quiet:
        return
    if not result.translates:
        rate = f"{result.term_total} term occurrence(s) for the translators (see the term report)"
    elif result.term_total:
        rate = f"{result.term_satisfied}/{result.term_total} terms satisfied"
    else:
        rate = "no glossary terms matched"
    where = f" on {result.translated_on}" if result.translated and result.translated_on else ""
    if result.source_language is not None and result.source_language.how != "given":
        click.echo(f"source language: {result.source_language.describe()}", err=True)
    click.echo(
        f"{result.segments} segments: {result.from_memory} from memory, {result.translated} newly translated "
        f"in {result.seconds:.1f} s{where}; {rate}", err=True,
    )
    if any(result.marks.values()):
        click.echo("inline formatting placed: " + ", ".join(f"{n} {how}" for how, n in result.marks.items()), err=True)
    if result.usage is not None:
        click.echo(f"{_usage_line(result.usage)}", err=True)
    if result.missing:
        shown = ", ".join(result.missing[:10])
        more = f" and {len(result.missing) - 10} more" if len(result.missing) > 10 else ""
        click.echo(f"{len(result.missing)} segment(s) missing (the model gave no usable translation; "
                   f"run again to retry): {shown}{more}", err=True)
    if result.translates and result.term_satisfied < result.term_total:
        click.echo(f"{result.term_total - result.term_satisfied} term occurrence(s) flagged: see the term report", err=True)
    if result.reviewed_before_change:
        shown = ", ".join(result.reviewed_before_change[:10])
        more = f" and {len(result.reviewed_before_change) - 10} more" if len(result.reviewed_before_change) > 10 else ""
        click.echo(f"reviewed before the model or glossary changed (kept): {shown}{more}", err=True)
    for line in _continuity_lines(result, settings.fuzzy):
        click.echo(line, err=True)
    for path in result.outputs:
        click.echo(str(path))


def _usage_line(usage) -> str:
    line = (f"{'about ' if usage.estimated else ''}{usage.prompt_tokens:,} input + {usage.completion_tokens:,} output "
            f"tokens in {usage.requests} request(s)")
    if usage.characters:
        line += f" ({usage.characters:,} characters sent)" if not usage.estimated else f" ({usage.characters:,} characters)"
    if usage.cost is not None:
        line += f"; {'about ' if usage.estimated else ''}{usage.cost:.4f} {usage.currency}"
    return line


def _estimate(project, as_json: bool) -> None:
    import json

    from pipeline.build import estimate

    found = estimate(project)
    if as_json:
        click.echo(json.dumps({
            "segments": found.segments, "to_translate": found.to_translate, "from_memory": found.from_memory,
            "usage": found.usage.as_dict() if found.usage is not None else None,
        }, indent=2))
        return
    line = f"{found.segments} segments: {found.from_memory} from memory, {found.to_translate} to translate"
    if found.usage is not None:
        line += "; " + _usage_line(found.usage)
        if found.usage.cost is None:
            line += " (set [engine] price_input_per_million and price_output_per_million for the cost)"
    click.echo(line)


def _ids(ids, limit: int = 10) -> str:
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _continuity_lines(result, fuzzy_mode: str) -> list[str]:
    """What the summary says about the reviewer's work and the output folder."""
    lines = []
    if result.fuzzy:
        used = "used in the edition" if fuzzy_mode == "use" else "suggested in the review DOCX; the edition has machine text"
        lines.append(f"{len(result.fuzzy)} reviewed translation(s) no longer match their edited source "
                     f"(fuzzy matches, {used}): {_ids(result.fuzzy)}")
    if result.changed_while_building:
        lines.append(f"the memory changed while building (an import): {len(result.changed_while_building)} reviewed "
                     f"segment(s) taken from the latest memory: {_ids(result.changed_while_building)}")
    if result.stale:
        lines.append(f"{len(result.stale)} output(s) of sources that are gone (remove them with --prune): "
                     + ", ".join(p.name for p in result.stale))
    if result.pruned:
        lines.append(f"removed {len(result.pruned)} output(s) of sources that are gone: "
                     + ", ".join(p.name for p in result.pruned))
    if result.cleaned:
        lines.append(f"removed {len(result.cleaned)} temporary file(s) left by an interrupted run")
    return lines


class _progress_bar:
    """A rich progress bar on stderr for translation, or nothing."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return (lambda message: None), None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("translating"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} seg/s"), TimeRemainingColumn(), console=console, transient=True,
            auto_refresh=False,  # redrawn on each report: no refresh thread, so the build may fork its writers
        )
        self.bar.start()

        def progress(done: int, total: int) -> None:
            if self.task is None:
                self.task = self.bar.add_task("translate", total=total, rate="–")
            elapsed = self.bar.tasks[0].elapsed or 0.0
            rate = f"{done / elapsed:.0f}" if elapsed > 0 else "–"
            self.bar.update(self.task, completed=done, total=total, rate=rate, refresh=True)

        return (lambda message: console.print(message, style="dim", markup=False, highlight=False)), progress

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


COMMANDS = [build]
