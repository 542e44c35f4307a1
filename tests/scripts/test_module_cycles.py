"""The module-cycle check itself (scripts/module-cycles.py), on small crate trees."""
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "module-cycles.py"
spec = importlib.util.spec_from_file_location("module_cycles", SCRIPT)
module_cycles = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module_cycles)


def tree(tmp_path: Path, files: dict) -> Path:
    src = tmp_path / "src"
    for name, text in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def test_a_cycle_through_code_in_a_mod_rs(tmp_path):
    src = tree(tmp_path, {
        "lib.rs": "mod a;\nmod c;\n",
        "a/mod.rs": "mod inner;\npub struct A;\npub fn f() -> u32 { crate::c::g() }\n",
        "a/inner.rs": "pub struct Inner;\n",
        "c.rs": "use crate::a::A;\npub fn g() -> u32 { let _ = A; 1 }\n",
    })
    assert module_cycles.cycles(src) == [["a", "c"]]


def test_a_cycle_through_a_root_reexport(tmp_path):
    src = tree(tmp_path, {
        "lib.rs": "mod a;\nmod b;\npub use b::B;\n",
        "a.rs": "use crate::B;\npub struct A(pub B);\n",
        "b.rs": "pub struct B;\npub fn make() -> crate::a::A { crate::a::A(B) }\n",
    })
    assert module_cycles.cycles(src) == [["a", "b"]]


def test_a_cycle_through_a_relative_reexport_in_a_facade(tmp_path):
    src = tree(tmp_path, {
        "lib.rs": "pub mod x;\nmod z;\n",
        "x/mod.rs": "//! A façade.\nmod y;\npub use y::Y;\n",
        "x/y.rs": "pub struct Y(pub crate::z::Z);\n",
        "z.rs": "pub struct Z;\npub fn y() -> Option<crate::x::Y> { None }\n",
    })
    assert module_cycles.cycles(src) == [["x::y", "z"]]


def test_a_cycle_through_a_name_imported_then_used_as_a_path(tmp_path):
    src = tree(tmp_path, {
        "lib.rs": "mod a;\nmod b;\n",
        "a.rs": "use crate::b;\npub fn f() { b::g() }\n",
        "b.rs": "pub fn g() {}\npub fn h() { super::a::f() }\n",
    })
    assert module_cycles.cycles(src) == [["a", "b"]]


def test_no_cycle_between_a_module_and_its_own_files_nor_in_tests(tmp_path):
    src = tree(tmp_path, {
        "lib.rs": "mod store;\nmod rows;\npub struct Store;\nimpl Store { pub fn n(&self) -> u32 { rows::count() } }\n",
        "rows.rs": (
            "use crate::Store;\npub fn count() -> u32 { 0 }\nimpl Store { pub fn m(&self) {} }\n"
            "#[cfg(test)]\nmod tests {\n    use crate::store::S;\n    fn t() { let _ = \"crate::store::S\"; }\n}\n"
        ),
        "store.rs": "pub struct S;\npub fn f() -> u32 { crate::rows::count() }\n",
    })
    assert module_cycles.cycles(src) == []


def test_the_crates_of_grappe_have_no_cycle():
    root = SCRIPT.parents[1]
    for src in sorted((root / "crates").glob("*/src")) + [root / "src-tauri" / "src"]:
        assert module_cycles.cycles(src) == [], src
