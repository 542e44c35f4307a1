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

data=$(mktemp -d)
out=$(mktemp -d)
export GRAPPE_E2E_SHOTS="${GRAPPE_E2E_SHOTS:-$PWD/target/e2e-screenshots}"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
driver=""
cleanup() {
  [ -n "$driver" ] && kill "$driver" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$data" "$out"
}
trap cleanup EXIT
export DISPLAY="$display"
# A fresh data and config folder: first start, no remembered window state.
XDG_DATA_HOME="$data/share" XDG_CONFIG_HOME="$data/config" tauri-driver --port 4444 >/dev/null 2>&1 &
driver=$!
for _ in $(seq 1 100); do
  (echo >/dev/tcp/127.0.0.1/4444) 2>/dev/null && break
  sleep 0.1
done
grappe_say "Tests de bout en bout (tauri-driver, WebKitWebDriver, Xvfb)"
GRAPPE_APP="$PWD/target/debug/grappe-app" GRAPPE_CLI="$PWD/target/debug/grappe" \
  GRAPPE_E2E_DATA="$data/share" GRAPPE_E2E_OUT="$out" python3 -m pytest -q -p no:cacheprovider tests/e2e
