"""A review DOCX re-saved by LibreOffice still imports: the hidden ids survive."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.review import import_review
from pipeline.review.docx import read_review_docx
from tests.review.docx_fixtures import machine_targets, sources
from tests.review.test_import import current, reviewer_edits

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def resave_with_libreoffice(path, tmp_path):
    out = tmp_path / "resaved"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "docx",
         "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180,
    )
    resaved = out / path.name
    assert result.returncode == 0 and resaved.is_file(), result.stderr
    return resaved


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_an_edited_file_resaved_by_libreoffice_imports_the_same(memory, review_docx, tmp_path):
    resaved = resave_with_libreoffice(reviewer_edits(review_docx), tmp_path)
    assert resaved.read_bytes() != review_docx.read_bytes()
    rows = read_review_docx(resaved).rows
    expected_ids = [i for i in sources() if i != "p3.2"]
    assert sorted(r.segment_id for r in rows) == sorted(expected_ids)  # every hidden id survived
    report = import_review(resaved, memory)
    assert dict(report.applied) == {"p3.1": "reviewed", "p5.1": "approved", "p5.2": "reviewed", "p2.1": "reviewed"}
    assert report.conflicts == () and report.rejected == ()
    assert current(memory, "p5.2") == ("Green development is a new direction.", "reviewed")
    assert current(memory, "p5.3") == (machine_targets()["p5.3"], "machine")
