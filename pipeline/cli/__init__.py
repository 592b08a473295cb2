"""The ``diglot`` command. Only this package touches click, rich and the terminal.

Each command group lives in its own module and registers itself on ``main``.
Command modules import library code inside the command functions, so that
``diglot --help`` stays fast (no ctranslate2, torch, lxml or python-docx).
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.errors import DiglotError


class DiglotGroup(click.Group):
    """A group that turns every DiglotError into one line on stderr, exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DiglotError as error:
            click.echo(f"diglot: error: {error}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("diglot: interrupted; work finished so far is kept", err=True)
            ctx.exit(130)


@click.group(cls=DiglotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diglot")
def main() -> None:
    """diglot makes bilingual editions.

    It segments a source text, translates it offline with Argos Translate under
    a terminology glossary, keeps every translation in a translation memory,
    and renders a review DOCX for Word, an edition DOCX and an EPUB 3.

    In a project folder (source/, glossary/, output/), run `diglot build`.
    """


def _register() -> None:
    from pipeline.cli import build, glossary, interchange, models, review, segment

    for module in (segment, build, models, glossary, review, interchange):
        for command in module.COMMANDS:
            main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
