//! The UI's command wrappers come from the command table.
#![allow(clippy::unwrap_used)]

/// Writes `ui/src/commands.ts`, like ts-rs writes the bindings: scripts/test.sh fails when the
/// committed file differs, so a changed command cannot reach the UI unnoticed.
#[test]
fn the_typescript_wrappers_are_generated_from_the_command_table() {
    let text = grappe_usecases::typescript_wrappers();
    for expected in [
        "export const openDossier = (id: number) =>\n  call<OpenedDossier>(\"open_dossier\", { id });",
        // Arguments keyed in camelCase, as the dispatcher reads them; trailing options optional.
        "export const etablissementsOfEj = (finessEj: string) =>",
        "departement?: string | null, sector?: Sector | null, limit?: number | null",
        "export const importFiness = (path: string, onProgress: (percent: number) => void) =>",
        "import type { FindingView } from \"./bindings/FindingView\";",
    ] {
        assert!(text.contains(expected), "{expected}\n---\n{text}");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/commands.ts");
    std::fs::write(path, text).unwrap();
}
