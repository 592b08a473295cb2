"""diglot models: list, install and remove Argos Translate model packages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def _show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@click.group("models")
def models() -> None:
    """Argos Translate model packages: list, install, remove.

    A pair without a package of its own is translated through English when
    FROM→en and en→TO are installed, as Argos does; a direct package wins.

    Packages go where Argos keeps them (ARGOS_PACKAGES_DIR, else
    ~/.local/share/argos-translate/packages), so packages installed by other
    Argos tools are used too. The package index is ARGOS_PACKAGE_INDEX, as in
    Argos. Without internet, download a .argosmodel file elsewhere and run
    `diglot models install PATH.argosmodel`.
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print installed (and available) packages as JSON.")
@click.option("--available", "ask_index", is_flag=True,
              help="Also ask the Argos package index what it offers (the only part that goes online).")
@click.option("--offline", is_flag=True, hidden=True, help="The default now: the index is asked only with --available.")
def list_command(as_json: bool, ask_index: bool, offline: bool) -> None:
    """List installed packages (pair, version, size, folder) and the pairs they
    reach through English, offline; with --available, also the packages the
    Argos package index offers."""
    from pipeline.engines import packages
    from pipeline.errors import IndexUnreachable

    installed = packages.installed_packages()
    through = packages.pivot_pairs(installed)  # offline: what the installed packages reach through English
    available = None
    note = ""
    if ask_index and not offline:
        try:
            available = packages.available_packages()
        except IndexUnreachable:
            note = "the Argos package index cannot be reached; showing installed packages only"
    if as_json:
        data = {
            "packages_dir": str(packages.packages_dir()),
            "installed": [
                {"from": p.from_code, "to": p.to_code, "version": p.package_version, "size": p.size, "path": str(p.path)}
                for p in installed
            ],
            "through_english": [
                {"from": a.from_code, "to": b.to_code, "via": a.to_code,
                 "legs": [{"from": p.from_code, "to": p.to_code, "version": p.package_version} for p in (a, b)]}
                for a, b in through
            ],
            "available": None
            if available is None
            else [{"from": p.from_code, "to": p.to_code, "version": p.package_version} for p in available],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if note:
            click.echo(f"note: {note}", err=True)
        return
    click.echo(f"installed in {packages.packages_dir()}:")
    if not installed:
        click.echo("  (none) install one with `diglot models install FROM TO` or `diglot models install PATH.argosmodel`")
    for p in installed:
        click.echo(f"  {p.pair:<8} {p.package_version:<8} {_size(p.size):>9}  {p.path}")
    if through:
        click.echo("reachable through English (no package of their own; translated with both in a row):")
        for a, b in through:
            pair = f"{a.from_code}→{b.to_code}"
            click.echo(f"  {pair:<8} via {a.to_code}: {a.pair} {a.package_version}, {b.pair} {b.package_version}")
    if available is not None:
        have = {(p.from_code, p.to_code, p.package_version) for p in installed}
        click.echo("available from the Argos package index:")
        for p in available:
            mark = "  (installed)" if (p.from_code, p.to_code, p.package_version) in have else ""
            click.echo(f"  {p.pair:<8} {p.package_version:<8} {p.from_name} → {p.to_name}{mark}")
    if note:
        click.echo(f"note: {note}", err=True)


@models.command("install")
@click.argument("what", nargs=-1, required=True, metavar="FROM TO | PATH.argosmodel...")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def install_command(what: tuple[str, ...], quiet: bool) -> None:
    """Install packages: `FROM TO` downloads the pair's package from the Argos
    package index (e.g. `diglot models install zh en`), or, when the index has
    none, FROM→en and en→TO, which translate the pair through English as Argos
    does (a leg already installed at the index's version is kept);
    `PATH.argosmodel...` installs package files.

    A file that is not a valid package is refused with the reason and leaves
    nothing behind. An installed package for the same pair is replaced.
    """
    from pipeline.engines import packages
    from pipeline.languages import check

    files = [w for w in what if w.lower().endswith(".argosmodel") or Path(w).expanduser().is_file()]
    if len(what) == 1 or len(files) == len(what):
        for path in what:
            _installed(packages.install_from_file(path))
        return
    if len(what) != 2 or files:
        raise click.UsageError("give FROM TO (two language codes) or PATH.argosmodel files")
    from_code, to_code = check(what[0]), check(what[1])
    if _show_progress(quiet):
        done, kept = _install_with_bar(packages, from_code, to_code)
    else:
        done, kept = packages.install_pair(from_code, to_code)
    for package in done:
        _installed(package)
    for package in kept:
        click.echo(f"kept {package.pair} {package.package_version}: already installed ({package.path})")
    legs = sorted(done + kept, key=lambda p: p.from_code != from_code)  # from→en first
    if len(legs) == 2:
        click.echo(f"{from_code}→{to_code} will be translated through English ({' then '.join(p.pair for p in legs)}): "
                   "the Argos package index has no package of its own for it")


def _installed(package) -> None:
    click.echo(f"installed {package.pair} {package.package_version} ({_size(package.size)}) in {package.path}")


def _install_with_bar(packages, from_code: str, to_code: str):
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn
    from rich.console import Console

    with Progress(
        TextColumn("downloading {task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"{from_code}→{to_code}", total=None)

        def progress(pair: str, done: int, total: int) -> None:
            bar.update(task, description=pair, completed=done, total=total or None)

        return packages.install_pair(from_code, to_code, progress=progress)


@models.command("remove")
@click.argument("from_code", metavar="FROM")
@click.argument("to_code", metavar="TO")
def remove_command(from_code: str, to_code: str) -> None:
    """Remove the installed package(s) for the pair FROM→TO."""
    from pipeline.engines import packages
    from pipeline.languages import check

    for path in packages.remove_package(check(from_code), check(to_code)):
        click.echo(f"removed {path}")


COMMANDS = [models]
