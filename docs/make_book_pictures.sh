#!/usr/bin/env bash
# Re-make the pictures of a bilingual book in docs/: the real Alice EPUB
# (epub.js's test fixture, Gutenberg #19033, public domain) built English ->
# Chinese. The opening of chapter 1 was translated by hand and comes in as
# reviewed text from docs/alice.reviewed.tmx; the build runs with the none
# engine, so the rest of the book has no translation yet.
# Usage: docs/make_book_pictures.sh [ALICE.epub]   (default ../shared/corpus/epub/epubjs-alice.epub)
# Needs .venv (or PYTHON), chromium.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
book=$(realpath "${1:-$root/../shared/corpus/epub/epubjs-alice.epub}")
python="${PYTHON:-$root/.venv/bin/python}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/project/source"
cp "$book" "$work/project/source/alice.epub"
printf 'source_language = "en"\ntarget_language = "zh"\n' > "$work/project/diglot.toml"
cd "$work/project"
"$python" -m pipeline import tmx "$root/docs/alice.reviewed.tmx"
"$python" -m pipeline build -q --engine none --format epub

mkdir "$work/epub" && (cd "$work/epub" && unzip -q "$work/project/output/alice.epub")
shoot() {  # shoot PAGE.xhtml NAME HEIGHT: a phone-width screenshot of one page of the book
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chrome" --hide-scrollbars \
    --window-size=420,"$3" --screenshot="$root/docs/$2.png" "file://$work/epub/OPS/$1" 2>/dev/null
}
shoot chapter_001.xhtml book-alice-chapter-1 1500
shoot toc.xhtml book-alice-contents 700
ls -l "$root/docs"/book-alice-*.png
