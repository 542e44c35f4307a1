#!/usr/bin/env bash
# Builds the Linux installer of Grappe: a .deb made by the Tauri bundler from a release build
# (interface embedded). Prints the path of the .deb. Installers for Windows (.msi/NSIS) and
# macOS (.dmg/.app) are built the same way on those systems (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/app-deps.sh

grappe_say "Interface (vite build)"
(cd ui && npm run build --silent) >/dev/null
grappe_say "Paquet .deb (tauri build --bundles deb)"
ui/node_modules/.bin/tauri build --bundles deb --ci >/dev/null
ls "$PWD"/target/release/bundle/deb/*.deb
