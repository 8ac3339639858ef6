//! The commands that explain pmlint rather than lint: `rule`, `rules`, `profiles`, `config`,
//! `init` and `generate`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;

use pmlint::config::{FILE_NAMES, Resolver};
use pmlint::profile::{self, Profile};
use pmlint::rules::{self, RuleMeta};

use super::{Cli, Error, Generate, SettingsArgs, emit};

/// The file `pmlint init` writes, with `profile = "default"` replaced by the chosen one.
const TEMPLATE: &str = include_str!("../config/template.toml");

pub fn rule(name: &str) -> Result<ExitCode, Error> {
    match rules::find(name) {
        Some(meta) => emit(&format!(
            "# {} ({})\n\nDefault severity: {}\nFix: {}\n\n{}\n",
            meta.name,
            meta.code,
            severity_column(meta),
            meta.fix,
            rules::documentation(meta)
        )),
        None => {
            let hint = rules::nearest(name)
                .map(|m| format!("; did you mean `{}`?", m.name))
                .unwrap_or_default();
            Err(Error::Message(format!(
                "no rule named `{name}`{hint} `pmlint rules` lists them"
            )))
        }
    }
}

pub fn rules() -> Result<ExitCode, Error> {
    let mut text = String::new();
    for meta in rules::metas() {
        text.push_str(&format!(
            "{:<6} {:<20} {:<8} {}\n",
            meta.code,
            meta.name,
            meta.severity.to_string(),
            meta.summary
        ));
        if !meta.enabled {
            text.push_str(&format!(
                "{:<36}off by default; on in {}\n",
                "",
                profile::enabling(meta).join(", ")
            ));
        }
    }
    emit(&text)
}

/// The severity line of `pmlint rule`: a rule that is off by default says so.
fn severity_column(meta: &RuleMeta) -> String {
    if meta.enabled {
        meta.severity.to_string()
    } else {
        format!(
            "{} (off by default; on in the {} profiles)",
            meta.severity,
            profile::enabling(meta).join(", ")
        )
    }
}

pub fn profiles() -> Result<ExitCode, Error> {
    let text: String = Profile::builtins()
        .iter()
        .map(|p| format!("{:<11} {}\n", p.name, p.description))
        .collect();
    emit(&text)
}

pub fn config(path: Option<PathBuf>, settings: &SettingsArgs) -> Result<ExitCode, Error> {
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    let resolved = Resolver::new(settings.mode(), settings.overrides()).and_then(|mut r| {
        if path.is_dir() {
            let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
            r.for_dir(&absolute)
        } else {
            r.for_file(&path)
        }
    });
    match resolved? {
        Some(config) => emit(&config.describe()),
        // The resolver reports a broken config the first time it meets it.
        None => Err(Error::Reported),
    }
}

pub fn init(profile: &str) -> Result<ExitCode, Error> {
    if let Err(e) = Profile::builtin(profile) {
        return Err(Error::Message(e.to_string()));
    }
    if let Some(existing) = FILE_NAMES.iter().find(|n| Path::new(n).exists()) {
        return Err(Error::Message(format!(
            "{existing} already exists here; it was left as it is"
        )));
    }
    let text = TEMPLATE.replacen(
        "profile = \"default\"",
        &format!("profile = \"{profile}\""),
        1,
    );
    // `create_new` so a file that appeared meanwhile is never overwritten.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(FILE_NAMES[1])
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    written.map_err(|e| Error::Message(format!("{}: {e}", FILE_NAMES[1])))?;
    say!("pmlint: wrote {} (profile {profile})", FILE_NAMES[1]);
    Ok(ExitCode::SUCCESS)
}

pub fn generate(what: Generate) -> Result<ExitCode, Error> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    match what {
        Generate::Completions { shell } => {
            clap_complete::generate(shell, &mut command, "pmlint", &mut out);
        }
        Generate::Man => {
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| Error::Message(format!("cannot render the man page: {e}")))?;
        }
    }
    emit(&String::from_utf8_lossy(&out))
}
