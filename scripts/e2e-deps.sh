#!/usr/bin/env bash
# What the end-to-end tests and the app benchmark need on top of app-deps.sh: WebKitWebDriver,
# tauri-driver, and the Python WebDriver client. Sourced; safe to run twice.
grappe_apt webkit2gtk-driver
# The system file chooser is driven by typing into it on the virtual display.
grappe_apt xdotool
if ! command -v tauri-driver >/dev/null 2>&1; then
  grappe_say "tauri-driver (cargo install, une fois)"
  cargo install tauri-driver --locked --quiet
fi
python3 -c "import selenium, pytest" 2>/dev/null || python3 -m pip install --quiet "selenium<4.52" pytest
