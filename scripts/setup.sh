#!/usr/bin/env bash
# Installs what Grappe needs and is missing; safe to run twice. Sourced by run.sh and test.sh.
# System packages come from apt (only when running as root), crates from crates.io.

grappe_say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# apt packages: installed only when missing, and only as root.
grappe_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Paquets système manquants : ${missing[*]} (relancez en root, ou installez-les avec apt-get)." >&2
    return 1
  fi
  grappe_say "Installation des paquets système : ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust (cargo) est introuvable : installez la chaîne Rust (rustup, version 1.85 ou plus récente)." >&2
  exit 1
fi

# A C toolchain for linking and for crates that build C code.
if ! command -v cc >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then
  grappe_apt build-essential pkg-config
fi

grappe_say "Dépendances Rust (cargo fetch)"
cargo fetch --locked --quiet
