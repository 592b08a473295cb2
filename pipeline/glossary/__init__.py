"""Terminology: load glossaries, find terms in the source, check and enforce them.

::

    load_glossary(paths)                       files -> Glossary   (CSV, TSV, TBX v2/v3)
    find_terms(glossary, segment, language)    -> tuple[TermHit]   (longest first, offsets)
    find_terms_in(glossary, segments, language) -> [tuple[TermHit]] (the same, one per segment, faster)
    term_digest(hits)                          -> str              (memory key of the entries)
    check_translation(hits, target, lang)      -> tuple[TermCheck] (WMT-style, per occurrence)
    make_finisher(engine, target_language)     -> finish(requests, hypotheses) for translate_missing
    write_term_report(edition, out_dir)        -> [NAME.terms.csv, NAME.terms.json]
    term_success(edition)                      -> (satisfied, total)

Only the standard library is imported here; lxml loads when a TBX
file is read.
"""

from __future__ import annotations

from pipeline.glossary.check import check_translation
from pipeline.glossary.enforce import details_to_checks, make_finisher
from pipeline.glossary.formats import load_glossary
from pipeline.glossary.match import find_terms, find_terms_in, term_digest
from pipeline.glossary.report import term_success, write_term_report

__all__ = [
    "check_translation",
    "details_to_checks",
    "find_terms",
    "find_terms_in",
    "load_glossary",
    "make_finisher",
    "term_digest",
    "term_success",
    "write_term_report",
]
