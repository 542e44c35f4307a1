#!/usr/bin/env bash
# Benchmarks: prints figures against the baselines named in the issues; never fails on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

grappe_say "Benchmark : financement d'une grappe de 5 000 ESSMS contre la simple lecture du fichier"
cargo bench --locked --quiet -p grappe-core --bench funding

grappe_say "Benchmark : magasin SQLite (une modification d'ESSMS, liste de 500 dossiers) contre rusqlite nu"
cargo bench --locked --quiet -p grappe-store --bench store

grappe_say "Benchmark : import de 100 000 lignes FINESS contre le shell sqlite3, recherche sur 100 000 établissements"
command -v sqlite3 >/dev/null 2>&1 || grappe_apt sqlite3
cargo bench --locked --quiet -p grappe-store --bench reference

grappe_say "Benchmark : un barème modifié, ses 500 dossiers recalculés, contre la liste de ces dossiers"
cargo bench --locked --quiet -p grappe-store --bench baremes

grappe_say "Benchmark : sauvegarde d'un magasin de 100 000 lignes FINESS et 500 dossiers contre la simple copie du fichier"
cargo bench --locked --quiet -p grappe-store --bench backup

grappe_say "Benchmark : le suivi d'un dossier de 500 ESSMS (5 000 dépenses, 20 000 mesures) contre la simple lecture des lignes"
cargo bench --locked --quiet -p grappe-store --bench suivi
grappe_say "Benchmark : l'écran Suivi (une dépense enregistrée, tableau de bord recalculé et envoyé à la fenêtre)"
cargo bench --locked --quiet -p grappe-usecases --bench suivi
grappe_say "Benchmark : le portefeuille de 500 dossiers suivis à une date contre la liste de l'accueil du même magasin"
cargo bench --locked --quiet -p grappe-usecases --bench portfolio

grappe_say "Benchmark : un FEC de 200 000 lignes lu, affecté aux enveloppes et prévisualisé, contre sa simple lecture par le crate csv"
cargo bench --locked --quiet -p grappe-store --bench accounting

grappe_say "Benchmark : dossier PDF de 50 et 1 000 ESSMS contre LibreOffice (XLSX → PDF)"
command -v soffice >/dev/null 2>&1 || grappe_apt libreoffice-calc-nogui || true
cargo bench --locked --quiet -p grappe-dossier --bench dossier

grappe_say "Benchmark : mémoire au plus haut des lecteurs de fichiers sur les fichiers hostiles, et du PDF du plus grand dossier"
command -v /usr/bin/time >/dev/null 2>&1 || grappe_apt time
cargo build --locked --quiet --release -p grappe-cli -p grappe-dossier --bin grappe --example pdf_memory
hostile=$(mktemp -d)
for f in crates/grappe-cli/tests/fixtures/hostile/*; do
  /usr/bin/time -f "%M" target/release/grappe import solutions "$f" --store "$hostile/grappe.sqlite" --create >/dev/null 2>"$hostile/err" || true
  printf '  %-22s mémoire au plus haut %6d Ko, réponse : %s\n' "$(basename "$f")" "$(tail -1 "$hostile/err" | grep -o '^[0-9]*$' || echo 0)" "$(grep -v '^[0-9]*$' "$hostile/err" | head -1)"
done
rm -rf "$hostile"
# The largest dossier a file can hold (dossier_file::MAX_ESSMS): about 30 s and 2 Go here.
target/release/examples/pdf_memory 100000

grappe_say "Benchmark : l'application (lancement, mémoire avec 500 ESSMS, recherche sur 100 000 lignes) contre une fenêtre Tauri nue"
bash scripts/bench-app.sh
