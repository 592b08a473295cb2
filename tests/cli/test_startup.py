"""`diglot --help` stays light: importing the CLI pulls in no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("ctranslate2", "torch", "docx", "ebooklib", "lxml", "sentencepiece", "argostranslate.translate", "stanza", "ray",
         "pycld2")


def test_importing_the_cli_imports_nothing_heavy():
    code = (
        "import json, sys\n"
        "import pipeline.cli\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(result.stdout) == []


def test_help_runs_without_heavy_imports():
    code = (
        "import json, sys\n"
        "from pipeline.cli import main\n"
        "try:\n"
        "    main(['--help'], prog_name='diglot')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "segment" in result.stdout
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_help_imports_no_engine_and_no_writer():
    """`diglot --help`, as a user runs it: Python's own import log lists every module imported."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "--help"], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    rooms = ("pipeline.engines.", "pipeline.render.", "pipeline.interchange", "pipeline.review", "pipeline.ingest",
             "pipeline.glossary")
    assert sorted(m for m in imported if m.startswith(rooms)) == ["pipeline.engines.base", "pipeline.engines.settings"]
