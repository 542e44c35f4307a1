//! The CLI describing itself, from its own definition: shell completions (`grappe completions
//! bash|zsh|fish`, `clap_complete`) and manual pages in French (`grappe manuel <dossier>`,
//! `clap_mangen`: `grappe.1` and one page per command, `grappe-store.1`…), installed by the
//! Linux package.

use std::path::Path;

use clap::CommandFactory;

use crate::{Cli, Failure};

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Prints the completion script of `shell` on the standard output.
pub fn completions(shell: Shell) {
    let mut cli = Cli::command();
    let out = &mut std::io::stdout();
    match shell {
        Shell::Bash => clap_complete::generate(clap_complete::Shell::Bash, &mut cli, "grappe", out),
        Shell::Zsh => clap_complete::generate(clap_complete::Shell::Zsh, &mut cli, "grappe", out),
        Shell::Fish => clap_complete::generate(clap_complete::Shell::Fish, &mut cli, "grappe", out),
    }
}

/// Writes the manual pages into `dir`: `grappe.1`, then `grappe-<commande>.1` for each command
/// and subcommand. Returns how many.
pub fn manual(dir: &Path) -> Result<usize, Failure> {
    let fail = |e: std::io::Error| Failure::Input(format!("{} : écriture impossible ({e})", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut cli = Cli::command();
    cli.build();
    write_pages(&cli, "grappe", dir).map_err(fail)
}

fn write_pages(command: &clap::Command, name: &str, dir: &Path) -> std::io::Result<usize> {
    let page = command.clone().name(name.to_string());
    let mut bytes = Vec::new();
    clap_mangen::Man::new(page)
        .title(name.to_uppercase())
        .section("1")
        .manual("Manuel de Grappe")
        .source(format!("Grappe {}", env!("CARGO_PKG_VERSION")))
        .render(&mut bytes)?;
    std::fs::write(dir.join(format!("{name}.1")), bytes)?;
    let mut count = 1;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        count += write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(count)
}
