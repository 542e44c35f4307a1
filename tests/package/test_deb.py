"""The Linux installer made by the Tauri bundler (scripts/package.sh): a .deb that installs the
app, its menu entry and its icons, the `grappe` command with its manual pages and completions,
and depends on what the binaries link. Read with dpkg-deb, checked with lintian (no error),
installed into a throwaway root with dpkg --root and run from there."""

import gzip
import os
import pathlib
import re
import subprocess

import pytest

DEB = pathlib.Path(os.environ["GRAPPE_DEB"])
APP = pathlib.Path(os.environ["GRAPPE_RELEASE_APP"])


def dpkg(*args):
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    root = tmp_path_factory.mktemp("deb")
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(root)], check=True)
    return root


def test_the_package_is_grappe_with_a_maintainer_a_section_and_computed_dependencies():
    control = dict(line.split(": ", 1) for line in dpkg("-f", str(DEB)).splitlines() if ": " in line)
    assert control["Package"] == "grappe"
    assert control["Architecture"] == "amd64"
    assert re.fullmatch(r".+ <[^@ ]+@[^@ ]+\.[a-z]+>", control["Maintainer"]), control["Maintainer"]
    assert control["Section"] == "misc"
    # From dpkg-shlibdeps: the C library and WebKitGTK, with their versions.
    depends = control["Depends"]
    assert re.search(r"libc6 \(>= [0-9.]+\)", depends) and "libwebkit2gtk-4.1-0" in depends, depends
    assert "ESMS numérique" in control["Description"] and len(control["Description"]) <= 80
    described = dpkg("-f", str(DEB), "Description").splitlines()
    assert all(len(line.encode()) <= 80 for line in described), described


def test_lintian_finds_no_error_and_no_warning():
    out = subprocess.run(
        ["lintian", "--allow-root", "--tag-display-limit", "0", str(DEB)], capture_output=True, text=True
    ).stdout
    problems = [line for line in out.splitlines() if line.startswith(("E:", "W:"))]
    assert problems == [], out


def test_it_installs_into_a_clean_root_and_the_command_man_pages_and_completions_work(tmp_path):
    root = tmp_path / "racine"
    admin = root / "var/lib/dpkg"
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True)
    (admin / "status").write_text("")
    subprocess.run(
        ["dpkg", "--root", str(root), "--force-depends", "--force-not-root", "--force-bad-path", "-i", str(DEB)],
        check=True, capture_output=True,
    )
    grappe = root / "usr/bin/grappe"
    version = subprocess.run([str(grappe), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.strip() == "grappe 0.1.0"
    demo = tmp_path / "demo.json"
    subprocess.run([str(grappe), "demo", str(demo)], check=True, capture_output=True)
    total = subprocess.run([str(grappe), "compute", str(demo)], capture_output=True, text=True, check=True).stdout
    assert "462 000,00 €" in total.replace("\u202f", " ").replace("\u00a0", " "), total
    man = root / "usr/share/man/man1"
    pages = sorted(p.name for p in man.iterdir())
    expected = {"grappe.1.gz", "grappe-app.1.gz", "grappe-store.1.gz", "grappe-suivi.1.gz", "grappe-store-backup.1.gz"}
    assert expected <= set(pages), pages
    page = gzip.decompress((man / "grappe-store-backup.1.gz").read_bytes()).decode()
    assert page.startswith(".ie") or ".TH" in page
    assert "Sauvegarde tout le magasin" in page, page[:400]
    completions = {
        "usr/share/bash-completion/completions/grappe": "complete -F",
        "usr/share/zsh/vendor-completions/_grappe": "#compdef grappe",
        "usr/share/fish/vendor_completions.d/grappe.fish": "complete -c grappe",
    }
    for path, marker in completions.items():
        assert marker in (root / path).read_text(), path
    doc = root / "usr/share/doc/grappe"
    assert "License: Expat" in (doc / "copyright").read_text()
    assert "License: bitstream-vera" in (doc / "copyright").read_text()
    assert gzip.decompress((doc / "changelog.gz").read_bytes()).decode().startswith("grappe (0.1.0)")


def test_it_installs_the_release_app_with_its_menu_entry_and_icons(unpacked):
    binary = unpacked / "usr/bin/grappe-app"
    assert os.access(binary, os.X_OK)
    # The release build of Grappe (the bundler stamps the package type into its copy), without
    # debug information.
    data = binary.read_bytes()
    assert data[:4] == b"\x7fELF" and "le magasin de données n'est pas ouvert".encode() in data
    assert abs(len(data) - APP.stat().st_size) < 4096
    sections = subprocess.run(["readelf", "-S", "-W", str(binary)], capture_output=True, text=True, check=True).stdout
    assert ".debug_info" not in sections and ".symtab" not in sections
    assert len(data) < 60 * 1024 * 1024
    desktop = (unpacked / "usr/share/applications/Grappe.desktop").read_text()
    assert "Name=Grappe" in desktop and "Exec=grappe-app" in desktop and "Icon=grappe-app" in desktop
    for size in ("32x32", "128x128", "512x512"):
        assert (unpacked / f"usr/share/icons/hicolor/{size}/apps/grappe-app.png").stat().st_size > 500


def test_the_rpm_carries_the_same_command_man_pages_and_completions():
    rpm = next(DEB.parent.parent.joinpath("rpm").glob("*.rpm"))
    listed = subprocess.run(["rpm", "-qlp", str(rpm)], capture_output=True, text=True, check=True).stdout.split()
    for path in ("/usr/bin/grappe", "/usr/bin/grappe-app", "/usr/share/man/man1/grappe.1.gz",
                 "/usr/share/bash-completion/completions/grappe", "/usr/share/doc/grappe/copyright"):
        assert path in listed, path
