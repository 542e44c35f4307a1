#!/usr/bin/env bash
# Every test of Grappe, from a fresh clone: installs what is missing, checks formatting and
# lints, runs every test (property tests bounded by PROPTEST_CASES), and prints a summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The PDF tests read the real PDF with poppler's pdftotext/pdffonts/pdfinfo and qpdf; the store
# tests make a folder read-only with chattr when run as root.
command -v pdftotext >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1 || grappe_apt poppler-utils qpdf
command -v chattr >/dev/null 2>&1 || grappe_apt e2fsprogs

grappe_say "Formatage (cargo fmt --check)"
cargo fmt --all --check

grappe_say "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings

grappe_say "Tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export PROPTEST_CASES="${PROPTEST_CASES:-1000}"
status=0
cargo test --workspace --locked 2>&1 | tee "$log" || status=$?

echo
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
