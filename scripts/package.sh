#!/usr/bin/env bash
# Builds the Linux installer of Grappe: a .deb made by the Tauri bundler from a release build
# (interface embedded) that also carries the `grappe` command, its manual pages (French, from
# the CLI's own definition) and its bash, zsh and fish completions, the copyright file (the
# project's licence and the embedded DejaVu fonts') and the changelog; its dependencies are
# computed by dpkg-shlibdeps from what the two binaries link. Prints the path of the .deb.
# Installers for Windows (.msi/NSIS) and macOS (.dmg/.app) are built the same way on those
# systems (see README). The same bundler also writes an .rpm with the same files
# (target/release/bundle/rpm/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/app-deps.sh
grappe_apt dpkg-dev

grappe_say "Interface (vite build)"
(cd ui && npm run build --silent) >/dev/null
grappe_say "La commande grappe (cargo build --release), ses pages de manuel et ses complétions"
cargo build --release --locked --quiet -p grappe-cli
extra=target/package
rm -rf "$extra"
mkdir -p "$extra/man" "$extra/completions" "$extra/doc"
target/release/grappe manuel "$extra/man" >/dev/null
cp packaging/grappe-app.1 "$extra/man/"
gzip -9n "$extra"/man/*.1
target/release/grappe completions bash >"$extra/completions/grappe"
target/release/grappe completions zsh >"$extra/completions/_grappe"
target/release/grappe completions fish >"$extra/completions/grappe.fish"
gzip -9nc packaging/changelog >"$extra/doc/changelog.gz"

# The bundler's settings for the .deb, and what they add to tauri.conf.json: paths are relative
# to src-tauri/.
deb_config() {
  python3 - "$@" <<'PY'
import json, pathlib, sys
depends = [d.strip() for d in sys.argv[1].split(",") if d.strip()] if len(sys.argv) > 1 else []
files = {
    "/usr/bin/grappe": "../target/release/grappe",
    "/usr/share/doc/grappe/copyright": "../packaging/copyright",
    "/usr/share/doc/grappe/changelog.gz": "../target/package/doc/changelog.gz",
    "/usr/share/bash-completion/completions/grappe": "../target/package/completions/grappe",
    "/usr/share/zsh/vendor-completions/_grappe": "../target/package/completions/_grappe",
    "/usr/share/fish/vendor_completions.d/grappe.fish": "../target/package/completions/grappe.fish",
}
for page in sorted(pathlib.Path("target/package/man").glob("*.1.gz")):
    files[f"/usr/share/man/man1/{page.name}"] = f"../{page}"
deb = {"section": "misc", "files": files}
if depends:
    deb["depends"] = depends
# The .rpm carries the same files; its dependencies are named by the distributions using it.
print(json.dumps({"bundle": {"linux": {"deb": deb, "rpm": {"files": files}}}}))
PY
}

grappe_say "Paquet .deb (tauri build --bundles deb)"
ui/node_modules/.bin/tauri build --bundles deb --ci --config "$(deb_config)" >/dev/null
# What the two binaries link, as Debian computes it (dpkg-shlibdeps reads a debian/control).
work=$(mktemp -d)
mkdir -p "$work/debian"
printf 'Source: grappe\n\nPackage: grappe\nArchitecture: any\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O -e"$OLDPWD/target/release/grappe-app" -e"$OLDPWD/target/release/grappe" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
rm -rf "$work"
grappe_say "Dépendances calculées : $depends"
rm -f target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
grappe_say "Paquets .deb et .rpm, avec leurs dépendances"
ui/node_modules/.bin/tauri build --bundles deb,rpm --ci --config "$(deb_config "$depends")" >/dev/null
ls "$PWD"/target/release/bundle/deb/*.deb
