#!/usr/bin/env bash
# Re-make the picture of a bilingual page from a PDF source in docs/: calibre's
# print of the Alice EPUB (../shared/corpus/pdf/alice-calibre.pdf: running
# headers, page numbers, drop caps) built English -> Chinese as docs/alice_project.sh says.
# Usage: docs/make_pdf_pictures.sh [ALICE.pdf]   Needs .venv (or PYTHON), LibreOffice, pdftoppm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
book=$(realpath "${1:-$root/../shared/corpus/pdf/alice-calibre.pdf}")
python="${PYTHON:-$root/.venv/bin/python}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$root/docs/alice_project.sh"
alice_project "$book" pdf docx
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" \
  "$work/project/output/alice.docx" >/dev/null
pdftoppm -r 60 -f 4 -l 4 -png "$work/alice.pdf" "$work/page"  # chapter 1's opening, with its pictures
cp "$work"/page-*4.png "$root/docs/pdf-alice-chapter-1.png"
