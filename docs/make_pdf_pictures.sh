#!/usr/bin/env bash
# Re-make the picture of a bilingual page from a PDF source in docs/: calibre's
# print of the Alice EPUB (../shared/corpus/pdf/alice-calibre.pdf: running
# headers, page numbers, drop caps) built English -> Chinese. The opening of
# chapter 1 comes in as reviewed text from docs/alice.reviewed.tmx (translated by
# hand); the build runs with the none engine, so the rest has no translation yet.
# Usage: docs/make_pdf_pictures.sh [ALICE.pdf]   Needs .venv (or PYTHON), LibreOffice, pdftoppm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
book=$(realpath "${1:-$root/../shared/corpus/pdf/alice-calibre.pdf}")
python="${PYTHON:-$root/.venv/bin/python}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/project/source"
cp "$book" "$work/project/source/alice.pdf"
printf 'source_language = "en"\ntarget_language = "zh"\n' > "$work/project/diglot.toml"
cd "$work/project"
"$python" -m pipeline import tmx "$root/docs/alice.reviewed.tmx"
"$python" -m pipeline build -q --engine none --format docx
soffice --headless "-env:UserInstallation=file://$work/lo" --convert-to pdf --outdir "$work" output/alice.docx >/dev/null
pdftoppm -r 60 -f 2 -l 2 -png "$work/alice.pdf" "$work/page"
cp "$work"/page-*2.png "$root/docs/pdf-alice-edition-2.png"
