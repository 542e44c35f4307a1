#!/usr/bin/env bash
# Renders the demo dossier's pages to PNG under docs/ (shown in the README), and the first page
# of a draft. Run after a change to the dossier's layout; the images are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
command -v pdftoppm >/dev/null 2>&1 || grappe_apt poppler-utils
cargo build --locked --quiet -p grappe-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
target/debug/grappe demo "$tmp/demo.json"
target/debug/grappe dossier "$tmp/demo.json" -o "$tmp/demo.pdf" --date 2026-11-23
rm -f docs/dossier-demo-*.png docs/dossier-brouillon-*.png
mkdir -p docs
pdftoppm -r 60 -png "$tmp/demo.pdf" docs/dossier-demo
python3 - "$tmp/demo.json" "$tmp/brouillon.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["essms"][3]["finess_et"] = "599011005"
d["essms"][7]["category"] = "355"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
target/debug/grappe dossier "$tmp/brouillon.json" -o "$tmp/brouillon.pdf" --date 2026-11-23 || true
pdftoppm -r 60 -png -f 1 -l 2 "$tmp/brouillon.pdf" docs/dossier-brouillon
# The follow-up documents of the demo's follow-up: the first page of each.
target/debug/grappe demo --suivi "$tmp/suivi.json"
target/debug/grappe suivi etat "$tmp/suivi.json" -o "$tmp/etat.pdf" --date 2025-04-30
target/debug/grappe suivi compte-rendu "$tmp/suivi.json" -o "$tmp/crf.pdf" --date 2026-12-31
target/debug/grappe suivi solde "$tmp/suivi.json" -o "$tmp/solde.pdf" --date 2025-04-30
rm -f docs/suivi-etat-*.png docs/suivi-crf-*.png docs/suivi-solde-*.png
pdftoppm -r 60 -png -f 1 -l 1 "$tmp/etat.pdf" docs/suivi-etat
pdftoppm -r 60 -png -f 1 -l 1 "$tmp/crf.pdf" docs/suivi-crf
pdftoppm -r 60 -png -f 1 -l 1 "$tmp/solde.pdf" docs/suivi-solde
ls docs
# The app's screens, as the end-to-end tests saved them (run `bash tests/e2e/run.sh` first).
shots=target/e2e-screenshots
if ls "$shots"/wizard-*.png >/dev/null 2>&1; then
  cp "$shots"/app-accueil.png "$shots"/accueil-sauvegardes.png "$shots"/wizard-*.png docs/
  if ls "$shots"/suivi-*.png >/dev/null 2>&1; then cp "$shots"/suivi-*.png docs/; fi
else
  echo "Pas de captures de l'application dans $shots : lancez d'abord bash tests/e2e/run.sh" >&2
fi
