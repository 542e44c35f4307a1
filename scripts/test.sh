#!/usr/bin/env bash
# Every test of Grappe, from a fresh clone: installs what is missing, checks formatting and
# lints, runs the Rust tests (property tests bounded by PROPTEST_CASES), the UI unit tests
# (Vitest) and the end-to-end tests of the real app (tauri-driver, WebKitWebDriver, Xvfb),
# then prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The PDF tests read the real PDF with poppler's pdftotext/pdffonts/pdfinfo and qpdf; the store
# tests make a folder read-only with chattr when run as root.
command -v pdftotext >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1 || grappe_apt poppler-utils qpdf
command -v chattr >/dev/null 2>&1 || grappe_apt e2fsprogs
source scripts/app-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
export PROPTEST_CASES="${PROPTEST_CASES:-1000}" NO_COLOR=1 FORCE_COLOR=0

grappe_say "Formatage (cargo fmt --check)"
cargo fmt --all --check

grappe_say "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings

status=0
grappe_say "Tests Rust"
cargo test --workspace --locked 2>&1 | tee -a "$log" || status=$?
grappe_say "Tests de l'interface (Vitest)"
(cd ui && npx vitest run) 2>&1 | tee -a "$log" || status=$?
bash tests/e2e/run.sh 2>&1 | tee -a "$log" || status=$?

echo
# Sums cargo's « test result: » lines, Vitest's « Tests  N passed » and pytest's « N passed in ».
sed -e 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^test result:/ || /^ *Tests +[0-9]/ || / (passed|failed)( ,|,| in )/ {
    for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed/) p += $i
      if ($(i+1) ~ /^failed/) f += $i
    }
  }
  END { printf "tests: %d passed, %d failed\n", p, f }'
exit "$status"
