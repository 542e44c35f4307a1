#!/usr/bin/env python3
"""Fails when the modules of a crate depend on each other in a cycle.

A node is a module file of a crate (`lib.rs`, `main.rs` and `mod.rs` are façades that declare
and re-export, and are left out). An edge goes from a file to each module file that one of its
`crate::…` or `super::…` paths names. Cycles are the strongly connected components of more
than one file (Tarjan). Usage: scripts/module-cycles.py [crate source folders…]
"""
import re
import sys
from pathlib import Path

FACADES = {"lib.rs", "main.rs", "mod.rs"}


def module_path(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


def expand(prefix: list, text: str) -> list:
    """`a::{b, c::{d, e}}` → [a::b, a::c::d, a::c::e] (as lists of segments)."""
    text = text.strip()
    m = re.match(r"^([\w:]*?)(::)?\{(.*)\}$", text, re.S)
    if not m:
        return [prefix + [s for s in text.split("::") if s and s != "self"]]
    head = [s for s in m.group(1).split("::") if s]
    out, depth, start, body = [], 0, 0, m.group(3)
    for i, c in enumerate(body + ","):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            part = body[start:i].strip()
            if part:
                out += expand(prefix + head, part.split(" as ")[0])
            start = i + 1
    return out


def references(text: str, here: tuple) -> list:
    text = re.sub(r"//[^\n]*", "", text)
    paths = []
    for m in re.finditer(r"\buse\s+(crate|super)::([^;]+);", text):
        base = [] if m.group(1) == "crate" else list(here[:-1])
        paths += expand(base, m.group(2))
    for m in re.finditer(r"(?<![\w:])(crate|super)::((?:\w+::)*\w+)", text):
        base = [] if m.group(1) == "crate" else list(here[:-1])
        paths.append(base + m.group(2).split("::"))
    return paths


def cycles(src: Path) -> list:
    files = [f for f in src.rglob("*.rs") if f.name not in FACADES]
    modules = {module_path(src, f): f for f in files}
    graph = {m: set() for m in modules}
    for m, f in modules.items():
        for path in references(f.read_text(encoding="utf-8"), m):
            for n in range(len(path), 0, -1):
                target = tuple(path[:n])
                if target in modules:
                    if target != m:
                        graph[m].add(target)
                    break
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
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
                out.append(sorted("::".join(c) for c in component))

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
