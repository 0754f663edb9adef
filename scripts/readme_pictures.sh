#!/bin/sh
# The README's pictures of the documents, made again from the current default templates: the
# demo's dossier 2026-109, converted by LibreOffice, first page at 60 dpi (needs LibreOffice and
# poppler-utils, as `make test` installs them). Run from the repository: sh scripts/readme_pictures.sh
set -eu
repo=$(pwd)
eenplan="$repo/.venv/bin/eenplan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$eenplan" demo --as-of 2026-11-23 demo >/dev/null
cd demo
for command in "invite 2026-109" "report 2026-109" "plan 2026-109" "plan 2026-109 --kind"; do
    # shellcheck disable=SC2086
    "$eenplan" $command --pdf --as-of 2026-11-23 >/dev/null
done
out=out/2026-109
picture() { pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/$1" "$repo/docs/img/$2"; }
picture "2026-12-07 Uitnodiging rondetafel - Dominique Verhaeghe.pdf" uitnodiging
picture "2026-11-05 Verslag rondetafel.pdf" verslag
picture "2026-11-05 Gezinsplan.pdf" gezinsplan
picture "2026-11-05 Kindplan.pdf" kindplan
"$eenplan" invite 2026-065 --pdf --as-of 2026-11-23 >/dev/null  # the family that reads French
pdftoppm -png -r 60 -f 1 -l 1 -singlefile \
    "out/2026-065/2026-12-18 Uitnodiging rondetafel - Geert Dubois.pdf" "$repo/docs/img/uitnodiging_fr"
echo "docs/img: uitnodiging, verslag, gezinsplan, kindplan, uitnodiging_fr"
cd "$repo"
"$repo/.venv/bin/python" scripts/readme_figures.py --pictures >/dev/null  # the statistics' charts
echo "docs/img: op_tijd, dagen_tot_gesprek, wachttijd"
