#!/usr/bin/env bash
# Sourced by the end-to-end tests and the app benchmark: a virtual display (Xvfb, 1920×1080) and
# tauri-driver on port 4444 (it drives WebKitWebDriver), with the app's data and config folders
# under $1, fresh. Both are stopped, and $1 removed, when the calling script exits.
grappe_webdriver() {
  local data="$1"
  local display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  GRAPPE_XVFB=$!
  GRAPPE_DRIVER=""
  GRAPPE_WEBDRIVER_DATA="$data"
  trap 'kill $GRAPPE_DRIVER $GRAPPE_XVFB 2>/dev/null || true; rm -rf "$GRAPPE_WEBDRIVER_DATA"' EXIT
  export DISPLAY="$display"
  XDG_DATA_HOME="$data/share" XDG_CONFIG_HOME="$data/config" tauri-driver --port 4444 >/dev/null 2>&1 &
  GRAPPE_DRIVER=$!
  for _ in $(seq 1 100); do
    (echo >/dev/tcp/127.0.0.1/4444) 2>/dev/null && return 0
    sleep 0.1
  done
  echo "tauri-driver ne répond pas sur le port 4444" >&2
  return 1
}
