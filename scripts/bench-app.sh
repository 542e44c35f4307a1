#!/usr/bin/env bash
# Benchmark of the desktop app against a bare Tauri window built the same way (release,
# interface embedded): launch time to the home screen, resident memory with a 500-ESSMS dossier
# open, search-as-you-type latency on 100 000 FINESS rows. Prints figures; never fails on timing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/app-deps.sh
source scripts/e2e-deps.sh

(cd ui && npm run build --silent) >/dev/null
cargo build --release --locked --quiet -p grappe-app -p bare-window
cargo build --release --locked --quiet -p grappe-store --example make_bench_store

source scripts/webdriver.sh
data=$(mktemp -d)
target/release/examples/make_bench_store "$data/share/fr.grappe.app/grappe.sqlite" 100000 500
grappe_webdriver "$data"
GRAPPE_APP="$PWD/target/release/grappe-app" BARE_APP="$PWD/target/release/bare-window" python3 benches/app/bench_app.py
