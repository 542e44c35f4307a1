#!/usr/bin/env bash
# Benchmarks: prints figures against the baselines named in the issues; never fails on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

grappe_say "Benchmark : financement d'une grappe de 5 000 ESSMS contre la simple lecture du fichier"
cargo bench --locked --quiet -p grappe-core --bench funding

grappe_say "Benchmark : magasin SQLite (une modification d'ESSMS, liste de 500 dossiers) contre rusqlite nu"
cargo bench --locked --quiet -p grappe-store --bench store
