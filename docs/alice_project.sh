# Sourced by docs/make_book_pictures.sh and docs/make_pdf_pictures.sh: the Alice project their pictures
# are built from. alice_project BOOK EXT FORMAT makes $work/project with BOOK as source/alice.EXT,
# English -> Chinese, imports the opening of chapter 1 (translated by hand) from docs/alice.reviewed.tmx
# as reviewed text, and builds FORMAT with the none engine, so the rest has no translation yet.
# Needs $root (the repository), $python and $work set by the caller.
alice_project() {
  mkdir -p "$work/project/source"
  cp "$1" "$work/project/source/alice.$2"
  printf 'source_language = "en"\ntarget_language = "zh"\n' > "$work/project/diglot.toml"
  (cd "$work/project" \
    && "$python" -m pipeline import tmx "$root/docs/alice.reviewed.tmx" \
    && "$python" -m pipeline build -q --engine none --format "$3")
}
