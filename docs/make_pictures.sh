#!/usr/bin/env bash
# Re-make the pictures in docs/ from a real build of the shipped sample.
#
# The model is the test suite's tiny random-weight model (no download here), so
# machine-translated rows read as noise; the first speech was translated by
# hand and comes in as reviewed text from docs/sample.reviewed.tmx, the way a
# previous volume's memory would. Needs .venv, LibreOffice, pdftoppm, chromium.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
diglot="$root/.venv/bin/diglot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ARGOS_PACKAGES_DIR="$work/packages"

cp -r "$root/source" "$root/glossary" "$work/"
model=$(cd "$root" && .venv/bin/python -c "from tests.support.tinymodel import build_argos_package as b; print(b('$work/model'))")
cd "$work"
"$diglot" models install "$model"
"$diglot" import tmx "$root/docs/sample.reviewed.tmx"
"$diglot" build -q

profile="-env:UserInstallation=file://$work/lo-profile"
soffice "$profile" --headless --convert-to pdf --outdir "$work/pdf" output/sample.review.docx output/sample.docx >/dev/null
pdftoppm -png -r 70 -f 1 -l 2 "$work/pdf/sample.review.pdf" "$root/docs/review-docx"
pdftoppm -png -r 70 -f 1 -l 2 "$work/pdf/sample.pdf" "$root/docs/edition-docx"

mkdir "$work/epub" && (cd "$work/epub" && unzip -q "$work/output/sample.epub")
shoot() {  # shoot PAGE.xhtml NAME: a phone-sized screenshot of one EPUB page
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chrome" --hide-scrollbars \
    --window-size=480,900 --screenshot="$root/docs/$2.png" "file://$work/epub/EPUB/$1" 2>/dev/null
}
shoot title.xhtml epub-title
shoot nav.xhtml epub-contents
shoot section-001.xhtml epub-chapter-1
shoot section-002.xhtml epub-chapter-2
java -jar /usr/share/java/epubcheck.jar "$work/output/sample.epub" 2>&1 | grep -E "^Messages|No errors"
ls -l "$root/docs"/*.png
