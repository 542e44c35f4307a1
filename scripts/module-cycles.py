#!/usr/bin/env python3
"""Fails when the modules of a crate depend on each other in a cycle.

What counts (stated in ARCHITECTURE.md):
- A node is a module file of a crate. `lib.rs`, `main.rs` and `mod.rs` are nodes too (the crate
  root and each folder's module), unless they are pure façades: nothing but `mod x;`
  declarations, re-exports (`pub use …;`), attributes and comments. A pure façade holds no code,
  so it depends on nothing; its re-exports are aliases that paths go through.
- An edge goes from a file to the module file that defines what one of its paths names:
  `crate::…`, `super::…`, `self::…`, a path starting at a child module or at a name the file
  imported, in `use` statements and in code. Re-exports are followed to the file that defines
  the item (`crate::Dossier` → `model`, through `pub use model::Dossier` in `lib.rs`), and so are
  relative re-exports (`pub use enveloppes::Enveloppe` in `suivi/mod.rs`).
- A module and the modules inside it (a crate root and its files, a folder's `mod.rs` and the
  files of the folder) are one unit: in Rust a child sees its parent's private items, and one
  type's `impl` blocks may be spread over its parent's child files. Edges between a module and
  its ancestors are not counted, and declaring a child (`mod x;`) is not an edge. Every other
  edge counts, whatever façade or re-export it goes through: two sibling files, or files of two
  folders, that need each other are a cycle; what they share belongs in a leaf module.
- Inline test modules (`#[cfg(test)] mod … { … }`) are left out: they are not built into the
  crate.
Cycles are the strongly connected components of more than one file (Tarjan).
Usage: scripts/module-cycles.py [crate source folders…]
"""
import re
import sys
from pathlib import Path

ROOTS = ("lib", "main")


def module_path(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ROOTS):
        parts.pop()
    return tuple(parts)


def strip(text: str) -> str:
    """The text without comments, string literals and inline `#[cfg(test)]` modules."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'r#*"(?:.|\n)*?"#*|"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r"'(?:\\.|[^'\\])'", "' '", text)
    out, pos = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        pos = i
    out.append(text[pos:])
    return "".join(out)


def expand(text: str) -> list:
    """`a::{b, c::{d as e}}` → [([a, b], b), ([a, c, d], e)]: each path with the name it binds."""
    text = " ".join(text.split())
    m = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", text)
    if not m:
        path, _, alias = text.partition(" as ")
        segments = [s.strip() for s in path.split("::") if s.strip()]
        name = alias.strip() or (segments[-1] if segments else "")
        if segments and segments[-1] == "self":
            segments.pop()
            name = alias.strip() or (segments[-1] if segments else "")
        return [(segments, name)] if segments else []
    head = [s for s in m.group(1).split("::") if s]
    out, depth, start, body = [], 0, 0, m.group(2)
    for i, c in enumerate(body + ","):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            part = body[start:i].strip()
            if part:
                out += [(head + p, n) for p, n in expand(part)]
            start = i + 1
    return out


USE = re.compile(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
MOD = re.compile(r"\b(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;")


class Module:
    def __init__(self, path: tuple, text: str):
        self.path = path
        self.text = strip(text)
        self.children = set(MOD.findall(self.text))
        rest = USE.sub(lambda m: "" if m.group(1) else m.group(0), MOD.sub("", self.text))
        rest = re.sub(r"#!?\[[^\]]*\]", "", rest)
        self.facade = not rest.strip()
        self.uses = []  # (absolute path or None, bound name, is a re-export)
        for m in USE.finditer(self.text):
            for segments, name in expand(m.group(2)):
                self.uses.append((self.absolute(segments), name, bool(m.group(1))))
        self.imported = {name: p for p, name, _ in self.uses if p is not None and name not in ("*", "_")}
        self.reexports = {name: p for p, name, pub in self.uses if pub and p is not None and name != "*"}
        self.globs = [p[:-1] for p, name, pub in self.uses if pub and p is not None and name == "*"]

    def absolute(self, segments: list):
        """The path from the crate root, or None for another crate's path."""
        here = list(self.path)
        first, rest = segments[0], segments[1:]
        if first == "crate":
            return rest
        if first == "self":
            return here + rest
        if first == "super":
            base = here
            while segments and segments[0] == "super":
                base = base[:-1]
                segments = segments[1:]
            return base + segments
        if first in self.children:
            return here + segments
        return None


def related(a: tuple, b: tuple) -> bool:
    """The same module, or one inside the other (a folder's `mod.rs` and its files)."""
    return a[: len(b)] == b or b[: len(a)] == a


def cycles(src: Path) -> list:
    modules = {}
    for f in sorted(src.rglob("*.rs")):
        p = module_path(src, f)
        if len(f.relative_to(src).parts) == 1 and f.stem in ROOTS and p in modules:
            continue  # a crate with both lib.rs and main.rs: the library is the root
        modules[p] = Module(p, f.read_text(encoding="utf-8"))

    def resolve(path: list, seen=()) -> tuple:
        n = len(path)
        while n > 0 and tuple(path[:n]) not in modules:
            n -= 1
        target, rest = tuple(path[:n]), path[n:]
        if not rest or (target, rest[0]) in seen:
            return target
        module = modules[target]
        seen = seen + ((target, rest[0]),)
        if rest[0] in module.reexports:
            return resolve(module.reexports[rest[0]] + rest[1:], seen)
        for glob in module.globs:
            found = resolve(glob + rest, seen)
            if found != tuple(glob):
                return found
        return target

    graph = {m: set() for m in modules}
    for here, module in modules.items():
        if module.facade:
            continue
        # A re-export is an alias for the paths that go through it; it is a use of its own only
        # when the file's code names what it re-exports.
        code = USE.sub("", module.text)
        paths = [
            p
            for p, name, pub in module.uses
            if p is not None and (not pub or re.search(rf"\b{re.escape(name)}\b", code))
        ]
        for m in re.finditer(r"(?<![\w:])(\w+)((?:::\w+)+)", module.text):
            first = m.group(1)
            segments = [first] + m.group(2).split("::")[1:]
            if first in ("crate", "self", "super") or first in module.children:
                path = module.absolute(segments)
            elif first in module.imported:
                path = module.imported[first] + segments[1:]
            else:
                continue
            if path is not None:
                paths.append(path)
        for path in paths:
            target = resolve(path)
            if not related(here, target):
                graph[here].add(target)

    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted("::".join(c) or "(racine)" for c in component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def main() -> int:
    roots = [Path(p) for p in sys.argv[1:]] or sorted(Path("crates").glob("*/src")) + [Path("src-tauri/src")]
    found = 0
    for src in roots:
        for component in cycles(src):
            print(f"cycle de modules dans {src} : {' ↔ '.join(component)}", file=sys.stderr)
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
