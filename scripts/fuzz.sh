#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of every reader of user files, each from a seed
# corpus of real files, for GRAPPE_FUZZ_SECONDS each (10 by default: a minute for the six). A
# crash, a panic, a single allocation over 1 Go or a process over 2 Go fails the run; the input
# is kept in fuzz/artifacts/<cible>/ to be turned into a test. Usage: bash scripts/fuzz.sh [cible…]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
seconds="${GRAPPE_FUZZ_SECONDS:-10}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tables finess dossier bareme archive backup)

command -v cargo-fuzz >/dev/null 2>&1 || { grappe_say "cargo-fuzz (cargo install, une fois)"; cargo install cargo-fuzz --locked --quiet; }
# libFuzzer's flags need a nightly compiler; without one, the stable compiler is told to accept them.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

# Seeds: the files users really bring, made by Grappe itself or shipped with it.
grappe_say "Fuzzing : corpus de départ"
cargo build --locked --quiet -p grappe-cli --bin grappe
corpus=target/fuzz-corpus
rm -rf "$corpus" && mkdir -p "$corpus"/{tables,finess,dossier,bareme,archive,backup}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grappe=target/debug/grappe
"$grappe" demo "$work/demo.json" >/dev/null
"$grappe" demo "$work/suivi.json" --suivi >/dev/null
cp "$work/demo.json" "$work/suivi.json" "$corpus/dossier/"
"$grappe" bareme show -o "$corpus/bareme/bareme.json" >/dev/null
"$grappe" store import "$work/suivi.json" --store "$work/grappe.sqlite" --create >/dev/null
"$grappe" store export 1 "$corpus/archive/dossier.zip" --store "$work/grappe.sqlite" >/dev/null
cp crates/grappe-store/tests/fixtures/store-v1.sqlite "$corpus/backup/"
head -c 6000 samples/etalab-cs1100502-stock-exemple-fictif.csv > "$corpus/finess/extrait.csv"
{ printf '\000'; cat samples/solutions-referencees-exemple-fictif.csv; } > "$corpus/tables/solutions.csv"
{ printf '\001'; cat crates/grappe-cli/tests/fixtures/hostile/deux-cellules.xlsx; } > "$corpus/tables/deux-cellules.xlsx"
{ printf '\002'; cat crates/grappe-cli/tests/fixtures/hostile/repetitions.ods; } > "$corpus/tables/repetitions.ods"

grappe_say "Fuzzing : construction des cibles"
(cd fuzz && "${fuzz[@]}" build -s none --release >/dev/null)
status=0
for t in "${targets[@]}"; do
  grappe_say "Fuzzing : $t (${seconds} s)"
  if (cd fuzz && "${fuzz[@]}" run -s none --release "$t" "../$corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
      >"$work/$t.log" 2>&1); then
    grep -E '^stat::number_of_executed_units|^#[0-9]+ +DONE' "$work/$t.log" | tail -1 | sed "s/^/  $t : /"
  else
    status=1
    tail -40 "$work/$t.log" >&2
    echo "fuzzing : la cible $t a trouvé un plantage (entrée gardée dans fuzz/artifacts/$t/)" >&2
  fi
done
echo
if [ "$status" -eq 0 ]; then echo "fuzz: ${#targets[@]} passed, 0 failed"; else echo "fuzz: failed"; fi
exit "$status"
