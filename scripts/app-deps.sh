#!/usr/bin/env bash
# What the desktop app needs on top of setup.sh: WebKitGTK (and what bundling a .deb uses), Xvfb
# for machines without a display, the npm dependencies of the UI. Sourced after setup.sh; safe
# to run twice.
grappe_apt libwebkit2gtk-4.1-dev librsvg2-dev xvfb xauth
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules ]; then
  grappe_say "Dépendances npm de l'interface (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
