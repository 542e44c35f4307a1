#!/usr/bin/env bash
# Runs Grappe, the desktop app, installing what is missing: builds the interface and the app
# (release), then starts it. On the first start it creates its store in the user data folder
# (~/.local/share/fr.grappe.desktop) with the sample FINESS file, the sample solutions and one demo
# dossier; later starts find your dossiers as you left them. Without a display (a server, CI),
# the app is started in a virtual display (Xvfb) so it still runs; GRAPPE_RUN_SECONDS=N stops it
# after N seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/app-deps.sh

grappe_say "Interface (vite build)"
(cd ui && npm run build --silent)
grappe_say "Application (cargo build --release, interface embarquée)"
cargo build --release --locked --quiet -p grappe-app -p grappe-cli
app="$PWD/target/release/grappe-app"

xvfb=""
cleanup() { [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  display=":$((70 + RANDOM % 9))"
  echo "Aucun affichage graphique : Grappe démarre dans un affichage virtuel (Xvfb $display)."
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY="$display"
  sleep 1
fi

grappe_say "Grappe démarre ($app)"
echo "Données : ${XDG_DATA_HOME:-$HOME/.local/share}/fr.grappe.desktop/grappe.sqlite"
echo "Ligne de commande : $PWD/target/release/grappe --help"
if [ -n "${GRAPPE_RUN_SECONDS:-}" ]; then
  status=0
  timeout "$GRAPPE_RUN_SECONDS" "$app" || status=$?
  # 124: stopped by the timeout as asked, the app was running.
  [ "$status" -eq 124 ] || [ "$status" -eq 0 ]
else
  "$app"
fi
