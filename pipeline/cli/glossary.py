"""diglot glossary commands."""

from __future__ import annotations

import json

import click


@click.group()
def glossary() -> None:
    """Check terminology glossaries (CSV, TSV, TBX) and where their terms occur."""


@glossary.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="GLOSSARY... [SOURCE]")
@click.option("--source", "source_file", type=click.Path(), default=None,
              help="A source text: list where the glossary's terms occur in it.")
@click.option("--from", "source_language", default="zh", show_default=True, help="Source language code.")
@click.option("--to", "target_language", default="en", show_default=True, help="Target language code.")
@click.option("--json", "as_json", is_flag=True,
              help='Print one JSON object: {"terms": N, "files": [...], "digest": ..., "matches": '
                   '[{"source", "target", "segment", "start", "end"}]}.')
def check(paths: tuple[str, ...], source_file: str | None, source_language: str, target_language: str,
          as_json: bool) -> None:
    """Validate GLOSSARY files (or folders of them); with a SOURCE, list term matches.

    \b
    diglot glossary check glossary/terms.csv
    diglot glossary check glossary/terms.csv source/sample.txt
    diglot glossary check glossary/ --source source/sample.txt --json

    Every problem is reported with its file and line (empty source or target,
    the same source twice with different targets, unknown columns, bad
    encoding, unsafe XML): the first ten here, all of them with --json; a
    broken glossary exits with status 1. Termbase (TBX) entries without a
    term in the target language are skipped with one warning, not refused. The last
    argument is taken as the source text when it is not a glossary
    (.csv, .tsv, .tbx) or a folder.
    """
    from pathlib import Path

    from pipeline.errors import DiglotError, GlossaryError
    from pipeline.glossary import find_terms, load_glossary
    from pipeline.glossary.formats import EXTENSIONS, skipped_warning
    from pipeline.languages import check as check_language

    source_language = check_language(source_language)
    target_language = check_language(target_language)
    paths_list = list(paths)
    if source_file is None and len(paths_list) > 1:
        last = Path(paths_list[-1])
        if not last.is_dir() and last.suffix.lower() not in EXTENSIONS + (".xml",):
            source_file = paths_list.pop()
    try:
        loaded = load_glossary(paths_list, source_language=source_language, target_language=target_language)
    except DiglotError as error:
        problems = getattr(error, "problems", ())
        if as_json and problems:
            click.echo(json.dumps({"problems": [{"path": p, "line": n, "message": m} for p, n, m in problems]},
                                  ensure_ascii=False, indent=2))
            raise GlossaryError(f"{len(problems)} problem(s) in the glossary (listed in the JSON); "
                                "fix them and check again") from None
        if len(problems) > 1:
            for path, line, message in problems[:LISTED]:  # the report; the error line follows on stderr
                click.echo(f"{path}:{line}: {message}" if line else f"{path}: {message}")
            more = f", the first {LISTED} listed above (--json lists all)" if len(problems) > LISTED else " (listed above)"
            raise GlossaryError(f"{len(problems)} problems in the glossary{more}; fix them and check again") from None
        raise
    warning = skipped_warning(loaded)
    if warning:
        click.echo(f"warning: {warning}", err=True)

    matches = []
    if source_file is not None:
        from pipeline.ingest import read_document
        from pipeline.segment import segment_document

        document = segment_document(read_document(source_file, language=source_language))
        for segment in document.segments():
            for hit in find_terms(loaded, segment, source_language):
                matches.append({
                    "source": segment.text[hit.start:hit.end],
                    "target": hit.term.source if hit.term.dnt else hit.term.target,
                    "segment": segment.id,
                    "start": hit.start,
                    "end": hit.end,
                })

    if as_json:
        click.echo(json.dumps({
            "terms": len(loaded.terms), "files": list(loaded.files), "digest": loaded.digest,
            "skipped": [{"path": p, "line": n, "message": m} for p, n, m in loaded.skipped],
            "matches": matches,
        }, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(loaded.terms)} terms in {len(loaded.files)} file(s), no problems (digest {loaded.digest})")
    if source_file is not None:
        used = {m["source"] for m in matches}
        for m in matches:
            click.echo(f"{m['segment']}\t{m['start']}-{m['end']}\t{m['source']}\t→ {m['target']}")
        click.echo(f"{len(matches)} occurrence(s) of {len(used)} term(s) in {source_file}")


LISTED = 10  # problems printed by glossary check; --json has them all

COMMANDS = [glossary]
