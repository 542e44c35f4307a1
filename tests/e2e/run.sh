#!/usr/bin/env bash
# End-to-end tests: builds the real app (UI embedded), starts Xvfb and tauri-driver (which
# drives WebKitWebDriver), runs tests/e2e with pytest on a fresh app data folder, stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/setup.sh
source scripts/app-deps.sh
source scripts/e2e-deps.sh

grappe_say "Application : interface (vite build) et binaire (cargo build, interface embarquée)"
(cd ui && npm run build --silent)
cargo build --locked --quiet -p grappe-app -p grappe-cli

source scripts/webdriver.sh
data=$(mktemp -d)
export GRAPPE_E2E_SHOTS="${GRAPPE_E2E_SHOTS:-$PWD/target/e2e-screenshots}"
# A fresh data and config folder: first start, no remembered window state.
grappe_webdriver "$data"
mkdir -p "$data/out"
grappe_say "Tests de bout en bout (tauri-driver, WebKitWebDriver, Xvfb)"
# A window that never comes must fail the run, not hang it.
GRAPPE_APP="$PWD/target/debug/grappe-app" GRAPPE_CLI="$PWD/target/debug/grappe" \
  GRAPPE_E2E_DATA="$data/share" GRAPPE_E2E_OUT="$data/out" timeout 900 python3 -m pytest -q -p no:cacheprovider "${@:-tests/e2e}"
