#!/usr/bin/env bash
# Re-make the pictures of a bilingual book in docs/: the real Alice EPUB
# (epub.js's test fixture, Gutenberg #19033, public domain) built English ->
# Chinese as docs/alice_project.sh says.
# Usage: docs/make_book_pictures.sh [ALICE.epub]   (default ../shared/corpus/epub/epubjs-alice.epub)
# Needs .venv (or PYTHON), chromium.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
book=$(realpath "${1:-$root/../shared/corpus/epub/epubjs-alice.epub}")
python="${PYTHON:-$root/.venv/bin/python}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$root/docs/alice_project.sh"
alice_project "$book" epub epub

mkdir "$work/epub" && (cd "$work/epub" && unzip -q "$work/project/output/alice.epub")
shoot() {  # shoot PAGE.xhtml NAME HEIGHT: a phone-width screenshot of one page of the book
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chrome" --hide-scrollbars \
    --window-size=420,"$3" --screenshot="$root/docs/$2.png" "file://$work/epub/OPS/$1" 2>/dev/null
}
shoot chapter_001.xhtml book-alice-chapter-1 1500
shoot toc.xhtml book-alice-contents 700
ls -l "$root/docs"/book-alice-*.png
