"""The diglot command line through click's CliRunner, for tests."""

from __future__ import annotations

from click.testing import CliRunner


def diglot(*args):
    """Run ``diglot ARGS`` (paths may be Path objects); fail the test with its output unless it exits 0."""
    from pipeline.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output + result.stderr
    return result
