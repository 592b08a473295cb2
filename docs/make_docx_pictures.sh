#!/usr/bin/env bash
# Re-make the DOCX-source pictures in docs/ (README, "Word documents in").
#
# book-docx-*: the test suite's own Word book (tests/support/docxfiles.py),
# rendered with a stand-in translation (the source in capitals, formatting
# marks kept) since no English→X model is installed here, in both layouts.
# spring-docx-*: a real build of the suite's Chinese document with the tiny
# random-weight zh→en model (its English is noise). Needs LibreOffice and pdftoppm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ARGOS_PACKAGES_DIR="$work/packages" PYTHONPATH="$root"

cd "$work"
"$python" - "$work" <<'PY'
import sys
from pathlib import Path
from pipeline.render import render
from tests.render.test_book_docx import capitals
from tests.support.docxfiles import book_docx, chinese_docx

work = Path(sys.argv[1])
edition = capitals(book_docx(work / "book.docx"))
render(edition, ["docx"], work / "interleaved")
render(edition, ["docx"], work / "translation-only", layout="translation-only")
(work / "spring" / "source").mkdir(parents=True)
chinese_docx(work / "spring" / "source" / "spring.docx")
PY
model=$("$python" -c "from tests.support.tinymodel import build_argos_package as b; print(b('$work/model'))")
"$python" -m pipeline models install "$model" >/dev/null
"$python" -m pipeline build --project "$work/spring" -q --format docx
cp interleaved/book.docx book-interleaved.docx
cp translation-only/book.docx book-translation-only.docx
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --convert-to pdf --outdir "$work/pdf" \
  book-interleaved.docx book-translation-only.docx spring/output/spring.docx >/dev/null
pdftoppm -png -r 70 -f 1 -l 1 "$work/pdf/book-interleaved.pdf" "$root/docs/book-docx-interleaved"
pdftoppm -png -r 70 -f 1 -l 1 "$work/pdf/book-translation-only.pdf" "$root/docs/book-docx-translation-only"
pdftoppm -png -r 70 -f 1 -l 1 "$work/pdf/spring.pdf" "$root/docs/spring-docx"
ls -l "$root/docs"/book-docx-*.png "$root/docs"/spring-docx-*.png
