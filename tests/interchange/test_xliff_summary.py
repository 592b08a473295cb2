"""diglot import xliff of a file of many unknown units: rejections summarised, every one in --json."""

from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner

from pipeline.cli import main
from tests.review.docx_fixtures import make_memory

N = 3000


def unknown_units(path, n: int = N):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
                'xmlns:dg="urn:diglot:xliff" version="1.2"><file original="speeches" source-language="zh-CN" '
                'target-language="en-US" datatype="plaintext"><body>\n')
        for i in range(n):
            source = f"第{i}个从未见过的句子。"
            digest = hashlib.sha256(source.encode()).hexdigest()[:16]
            f.write(f'<trans-unit id="x{i}.1" dg:source-hash="{digest}" dg:base-target-hash="e3b0c44298fc1c14">'
                    f'<source>{source}</source><target state="translated">Unseen sentence {i}.</target></trans-unit>\n')
        f.write('<trans-unit id="p3.1"><source>中国经济保持稳定增长。</source><target>No hash.</target></trans-unit>\n')
        f.write("</body></file></xliff>\n")
    return path


def test_many_rejections_are_counted_by_reason_with_the_first_ids(tmp_path):
    project = tmp_path / "project"
    make_memory(project).close()
    path = unknown_units(tmp_path / "unknown.xlf")
    result = CliRunner().invoke(main, ["import", "xliff", str(path), "--project", str(project)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) < 12, result.output
    assert f"  rejected: {N + 1}" in lines
    assert any(line.startswith(f"    {N} rows (x0.1, x1.1, x2.1, x3.1, x4.1 and {N - 5} more): unknown segment id")
               for line in lines), result.output
    assert "    p3.1: no base target hash" in result.output  # a reason of one row: as before

    report = json.loads(CliRunner().invoke(main, ["import", "xliff", str(path), "--project", str(project), "--json"]).output)
    assert {r["id"] for r in report["rejected"]} == {f"x{i}.1" for i in range(N)} | {"p3.1"}
