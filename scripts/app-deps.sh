#!/usr/bin/env bash
# What the desktop app needs on top of setup.sh: WebKitGTK and its WebDriver, Xvfb, the npm
# dependencies of the UI, tauri-driver and the Python WebDriver client for the end-to-end
# tests. Sourced after setup.sh; safe to run twice.
grappe_apt libwebkit2gtk-4.1-dev librsvg2-dev webkit2gtk-driver xvfb xauth
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules ]; then
  grappe_say "Dépendances npm de l'interface (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
# The app embeds the built UI at compile time: build it once if it is missing.
[ -f ui/dist/index.html ] || (cd ui && npm run build --silent)
if ! command -v tauri-driver >/dev/null 2>&1; then
  grappe_say "tauri-driver (cargo install, une fois)"
  cargo install tauri-driver --locked --quiet
fi
python3 -c "import selenium, pytest" 2>/dev/null || python3 -m pip install --quiet "selenium<4.52" pytest
