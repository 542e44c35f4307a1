#!/usr/bin/env bash
# Rasterises icons/grappe.svg to the PNG sizes Tauri needs (bundle.icon in tauri.conf.json).
# Run after changing the SVG; the PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
command -v rsvg-convert >/dev/null 2>&1 || grappe_apt librsvg2-bin
for size in 32 128 256 512; do
  rsvg-convert -w "$size" -h "$size" icons/grappe.svg -o "icons/${size}x${size}.png"
done
cp icons/256x256.png icons/128x128@2x.png
cp icons/512x512.png icons/icon.png
ls icons
