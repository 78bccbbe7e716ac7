#!/usr/bin/env bash
# Writes the pandoc-made import fixtures: each tests/import/md/NAME.md
# becomes NAME.docx in the folder given (default tests/import/docx), through
# Debian's pandoc (2.17 when these were committed). The .docx files are
# committed, so the tests run without pandoc; tests/import.rs runs this
# script again into a scratch folder when pandoc is there, to keep it honest.
#
#   full.md      title metadata, summary, Heading 1/2/3, paragraphs, bullet
#                and numbered lists (one bullet nested a level deeper),
#                bold, italic, https/mailto/tel links, a table, a footnote,
#                an image with alt text, "Published by", "Last reviewed:",
#                "Next review:" lines
#   welsh.md     the same kinds of thing in Welsh, `lang: cy-GB` metadata
#                (pandoc writes it as w:lang in styles.xml); the date lines
#                stay English, the only ones import knows
#   no-dates.md  no review dates: import must write # TODO and exit 3
#   simple.md    plain CommonMark (`# Title`)
#
# simple.md, welsh.md and no-dates.md are imported as .md too (front matter
# title and lang); full.md only as .docx (its table and footnote are pandoc's
# Markdown, not leafpress's).
#
# The Word-only fixtures (real styles, tracked changes, comments, fields,
# text boxes, headers, the error cases) come from make_docx.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/docx}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Same bytes from run to run: pandoc stamps docProps/core.xml and the zip
# entries with this time instead of the clock.
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A 1x1 grey PNG for full.md's image (the Markdown names it dot.png).
base64 -d >"$work/dot.png" <<'PNG'
iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==
PNG

for name in full welsh no-dates; do
  (cd "$work" && pandoc --from markdown --to docx --output "$out/$name.docx" "$here/md/$name.md")
done
(cd "$work" && pandoc --from commonmark --to docx --output "$out/simple.docx" "$here/md/simple.md")
echo "wrote $out/{full,welsh,no-dates,simple}.docx"
