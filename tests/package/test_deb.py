"""The Linux installer made by the Tauri bundler (scripts/package.sh): a .deb that installs the
app, its menu entry and its icons, and depends on the WebKitGTK it needs. Read with dpkg-deb."""

import os
import pathlib
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


def test_the_package_is_grappe_and_depends_on_webkitgtk():
    control = dict(line.split(": ", 1) for line in dpkg("-f", str(DEB)).splitlines() if ": " in line)
    assert control["Package"] == "grappe"
    assert control["Architecture"] == "amd64"
    assert "libwebkit2gtk-4.1-0" in control["Depends"]
    assert "ESMS numérique" in control["Description"]


def test_it_installs_the_release_app_with_its_menu_entry_and_icons(unpacked):
    binary = unpacked / "usr/bin/grappe-app"
    assert os.access(binary, os.X_OK)
    # The release build of Grappe (the bundler stamps the package type into its copy), without
    # debug information.
    data = binary.read_bytes()
    assert data[:4] == b"\x7fELF" and "le magasin de données n'est pas ouvert".encode() in data
    assert abs(len(data) - APP.stat().st_size) < 4096
    sections = subprocess.run(["readelf", "-S", "-W", str(binary)], capture_output=True, text=True, check=True).stdout
    assert ".debug_info" not in sections
    assert len(data) < 60 * 1024 * 1024
    desktop = (unpacked / "usr/share/applications/Grappe.desktop").read_text()
    assert "Name=Grappe" in desktop and "Exec=grappe-app" in desktop and "Icon=grappe-app" in desktop
    for size in ("32x32", "128x128", "512x512"):
        assert (unpacked / f"usr/share/icons/hicolor/{size}/apps/grappe-app.png").stat().st_size > 500
