//! The TypeScript wrappers of the commands, generated from the command table: one function per
//! command, named in camelCase, typed with the ts-rs bindings of `ui/src/bindings/`.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use ts_rs::{Config, Dependency, TypeVisitor, TS};

/// A type as TypeScript names it, and the exported types it needs.
#[derive(Debug, Clone)]
pub struct TsType {
    pub name: String,
    /// TypeScript name → path of its binding, relative to `ui/src/bindings/`.
    pub imports: BTreeMap<String, String>,
}

/// One argument of a command.
#[derive(Debug, Clone)]
pub struct Arg {
    pub name: &'static str,
    pub ty: TsType,
}

/// One command, as the UI calls it.
#[derive(Debug, Clone)]
pub struct Signature {
    pub name: &'static str,
    pub doc: &'static str,
    pub args: Vec<Arg>,
    pub output: TsType,
    /// The command reports progress (percent) to a callback.
    pub progress: bool,
}

fn config() -> Config {
    // Identifiers and counts are far below 2^53: JavaScript numbers, as in the bindings.
    Config::new().with_large_int("number")
}

/// The TypeScript type of `T`, with every exported type it depends on (recursively, so that
/// the types inside a result are re-exported too).
pub(crate) fn ts<T: TS + 'static + ?Sized>() -> TsType {
    struct Collect<'a> {
        cfg: &'a Config,
        seen: HashSet<TypeId>,
        imports: BTreeMap<String, String>,
    }
    impl TypeVisitor for Collect<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            if !self.seen.insert(TypeId::of::<U>()) {
                return;
            }
            if let Some(dep) = Dependency::from_ty::<U>(self.cfg) {
                let path = dep.output_path.with_extension("").to_string_lossy().replace('\\', "/");
                self.imports.insert(dep.ts_name, path);
            }
            U::visit_dependencies(self);
            U::visit_generics(self);
        }
    }
    let cfg = config();
    let mut collect = Collect {
        cfg: &cfg,
        seen: HashSet::new(),
        imports: BTreeMap::new(),
    };
    collect.visit::<T>();
    TsType {
        name: T::name(&cfg),
        imports: collect.imports,
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ui/src/commands.ts` for the command table `signatures`: the types the commands use, re-exported, and one wrapper per command.
/// Trailing optional arguments (`Option<…>`) may be left out.
pub fn wrappers(signatures: &[Signature]) -> String {
    let mut imports = BTreeMap::new();
    for s in signatures {
        for ty in s.args.iter().map(|a| &a.ty).chain([&s.output]) {
            imports.extend(ty.imports.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    let mut out = String::from(
        "// Generated from the command table (crates/grappe-usecases/src/commands.rs) when\n\
         // `cargo test -p grappe-usecases` runs: do not edit. scripts/test.sh fails when it drifts.\n\
         import { call } from \"./call\";\n",
    );
    for (name, path) in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"./bindings/{path}\";");
    }
    let names: Vec<&str> = imports.keys().map(String::as_str).collect();
    let _ = writeln!(out, "\nexport type {{");
    for chunk in names.chunks(8) {
        let _ = writeln!(out, "  {},", chunk.join(", "));
    }
    out.push_str("};\n");
    for s in signatures {
        out.push('\n');
        let doc: Vec<&str> = s.doc.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if !doc.is_empty() {
            let _ = writeln!(out, "/** {} */", doc.join(" "));
        }
        let optional_from = s
            .args
            .iter()
            .rposition(|a| !a.ty.name.ends_with(" | null"))
            .map_or(0, |i| i + 1);
        let mut params: Vec<String> = s
            .args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let q = if i >= optional_from { "?" } else { "" };
                format!("{}{q}: {}", camel(a.name), a.ty.name)
            })
            .collect();
        if s.progress {
            params.push("onProgress: (percent: number) => void".into());
        }
        let keys: Vec<String> = s.args.iter().map(|a| camel(a.name)).collect();
        let keys = if keys.is_empty() {
            "{}".to_string()
        } else {
            format!("{{ {} }}", keys.join(", "))
        };
        let progress = if s.progress { ", onProgress" } else { "" };
        let _ = writeln!(
            out,
            "export const {} = ({}) =>\n  call<{}>(\"{}\", {keys}{progress});",
            camel(s.name),
            params.join(", "),
            s.output.name,
            s.name,
        );
    }
    out
}
