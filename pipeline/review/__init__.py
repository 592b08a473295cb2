"""Review round trip: a reviewer's edits in the review DOCX back into the memory.

Entry point: :func:`import_review` (:func:`apply_review` for a file already
read). The rows are read by
:mod:`pipeline.review.docx` (accepted view of tracked changes, matched by the
hidden ids) and applied by :mod:`pipeline.review.apply` under the three-way
rule, in one memory transaction.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.review.apply import ReviewImportReport, ReviewRow, apply_rows

__all__ = ["ReviewImportReport", "ReviewRow", "apply_review", "apply_rows", "import_review"]


def import_review(docx_path: str | Path, memory, *, dry_run: bool = False, glossary=None) -> ReviewImportReport:
    """Bring the edits of a review DOCX into ``memory``; return what happened.

    ``glossary`` (a :class:`pipeline.model.Glossary`), when given, re-checks the
    terms in each applied target: problems become ``term_warnings``, not
    blocks. ``dry_run`` reads and decides everything and writes nothing.
    Raises NotAReviewDocument for a file diglot did not export.
    """
    from pipeline.review.docx import read_review_docx

    return apply_review(read_review_docx(docx_path), memory, dry_run=dry_run, glossary=glossary)


def apply_review(review, memory, *, dry_run: bool = False, glossary=None) -> ReviewImportReport:
    """:func:`import_review` of a review DOCX already read (a :class:`pipeline.review.docx.ReviewFile`);
    a ReviewError naming it (one line, nothing imported) where memory runs out."""
    from pipeline.review.docx import out_of_memory

    try:
        return apply_rows(
            review.rows, memory,
            document=review.document, source_language=review.source_language,
            target_language=review.target_language, origin=f"review:{Path(review.path).name}",
            path=str(review.path), dry_run=dry_run, glossary=glossary,
        )
    except MemoryError:  # under a memory limit (the transaction is rolled back)
        pass  # (said outside the handler, once what was read is let go)
    raise out_of_memory(review.path)
