"""A review file exported before the source was edited still comes back.

Editing one sentence of a paragraph gives all its sentences new ids (ids
follow the paragraph's text). Rows are then matched by their hidden source
hash: the unchanged sentences are applied under their new ids, and only the
row whose own source changed is rejected, saying why.
"""

from __future__ import annotations

from pipeline.review import import_review
from tests.review.docx_fixtures import DOC, DocxXml, sources

SRC = sources()


def edited_paragraph(memory, typo_fixed: str):
    """Rebuild the document with paragraph p5's second sentence edited: p5 becomes p9."""
    now = {sid: text for sid, text in SRC.items() if not sid.startswith("p5.")}
    now.update({"p9.1": SRC["p5.1"], "p9.2": typo_fixed, "p9.3": SRC["p5.3"]})
    memory.record_document(DOC, "zh", "en", list(now.items()))


def test_an_old_review_file_after_a_typo_fix_loses_only_the_edited_sentence(memory, review_docx):
    xml = DocxXml(review_docx)
    for sid in ("p5.1", "p5.2", "p5.3"):
        xml.set_text(sid, "Target", f"Reviewed {sid}.")
    xml.save()
    edited_paragraph(memory, "绿色发展是新方向。")

    report = import_review(review_docx, memory)

    assert dict(report.matched_by_source) == {"p5.1": "p9.1", "p5.3": "p9.3"}
    assert dict(report.applied) == {"p9.1": "reviewed", "p9.3": "reviewed"}
    assert [sid for sid, _ in report.rejected] == ["p5.2"]
    assert "source was edited" in report.rejected[0][1]
    found = memory.lookup("zh", "en", [SRC["p5.1"], SRC["p5.3"]])
    assert [(e.target, e.status) for e in found.values()] == [("Reviewed p5.1.", "reviewed"), ("Reviewed p5.3.", "reviewed")]
    assert "p9.2" in report.missing and "p5.1" not in report.missing


def test_a_reordered_paragraph_matches_each_row_to_its_own_sentence(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.2", "Target", "We must stick to high-quality development.")
    xml.save()
    now = dict(SRC)
    now["p3.1"], now["p3.2"] = SRC["p3.2"], SRC["p3.1"]  # the two sentences swapped places
    memory.record_document(DOC, "zh", "en", list(now.items()))

    report = import_review(review_docx, memory)

    assert dict(report.applied) == {"p3.1": "reviewed"}
    assert report.rejected == ()
    entry = memory.lookup("zh", "en", [SRC["p3.2"]])[SRC["p3.2"]]
    assert entry.target == "We must stick to high-quality development."
