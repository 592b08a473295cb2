"""diglot models: list, install and remove Argos Translate model packages."""

from __future__ import annotations

import json
import sys

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
    """List installed packages (pair, version, size, folder), offline; with
    --available, also the packages the Argos package index offers."""
    from pipeline.engines import packages
    from pipeline.errors import IndexUnreachable

    installed = packages.installed_packages()
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
    if available is not None:
        have = {(p.from_code, p.to_code, p.package_version) for p in installed}
        click.echo("available from the Argos package index:")
        for p in available:
            mark = "  (installed)" if (p.from_code, p.to_code, p.package_version) in have else ""
            click.echo(f"  {p.pair:<8} {p.package_version:<8} {p.from_name} → {p.to_name}{mark}")
    if note:
        click.echo(f"note: {note}", err=True)


@models.command("install")
@click.argument("what", nargs=-1, required=True, metavar="FROM TO | PATH.argosmodel")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def install_command(what: tuple[str, ...], quiet: bool) -> None:
    """Install a package: `FROM TO` downloads it from the Argos package index
    (e.g. `diglot models install zh en`); `PATH.argosmodel` installs a file.

    A file that is not a valid package is refused with the reason and leaves
    nothing behind. An installed package for the same pair is replaced.
    """
    from pipeline.engines import packages
    from pipeline.languages import check

    if len(what) == 1:
        package = packages.install_from_file(what[0])
    elif len(what) == 2:
        from_code, to_code = check(what[0]), check(what[1])
        if _show_progress(quiet):
            package = _install_with_bar(packages, from_code, to_code)
        else:
            package = packages.install_from_index(from_code, to_code)
    else:
        raise click.UsageError("give FROM TO (two language codes) or one PATH.argosmodel")
    click.echo(f"installed {package.pair} {package.package_version} ({_size(package.size)}) in {package.path}")


def _install_with_bar(packages, from_code: str, to_code: str):
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn
    from rich.console import Console

    with Progress(
        TextColumn(f"downloading {from_code}→{to_code}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("download", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return packages.install_from_index(from_code, to_code, progress=progress)


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
