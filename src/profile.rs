//! Template profiles: which sections a postmortem must have and which rules run, at what
//! severity. The built-in profiles are TOML under `rules/profiles/`; a user's own profile file
//! has the same shape and may extend a built-in one.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::value::StrDeserializer;
use serde::de::{Deserializer, Error as _};

use crate::config::ConfigError;
use crate::diagnostic::Severity;
use crate::document::SectionKind;
use crate::rules::{self, RuleMeta};

/// The built-in profiles, in the order `pmlint profiles` lists them.
const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../rules/profiles/default.toml")),
    (
        "google-sre",
        include_str!("../rules/profiles/google-sre.toml"),
    ),
    (
        "pagerduty",
        include_str!("../rules/profiles/pagerduty.toml"),
    ),
    (
        "atlassian",
        include_str!("../rules/profiles/atlassian.toml"),
    ),
    ("alx", include_str!("../rules/profiles/alx.toml")),
    ("minimal", include_str!("../rules/profiles/minimal.toml")),
];

/// What a profile says about one rule: a severity, or `off` (`None`).
struct Setting(Option<Severity>);

impl<'de> Deserialize<'de> for Setting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Setting, D::Error> {
        let word = String::deserialize(deserializer)?;
        if word == "off" {
            return Ok(Setting(None));
        }
        Severity::deserialize(StrDeserializer::<D::Error>::new(&word))
            .map(|severity| Setting(Some(severity)))
            .map_err(|_| D::Error::unknown_variant(&word, &["off", "info", "warning", "error"]))
    }
}

/// One section a profile asks for, met by any one of its kinds: `"timeline"`, or
/// `["impact", "summary"]` where either will do.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRequirement {
    pub any_of: Vec<SectionKind>,
}

impl SectionRequirement {
    /// "impact or summary".
    pub fn name(&self) -> String {
        let names: Vec<&str> = self.any_of.iter().map(|k| k.name()).collect();
        names.join(" or ")
    }
}

impl<'de> Deserialize<'de> for SectionRequirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SectionRequirement, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SectionRequirement;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a section kind, or a list of kinds any one of which will do")
            }

            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<Self::Value, E> {
                let kind = SectionKind::deserialize(StrDeserializer::<E>::new(word))?;
                Ok(SectionRequirement { any_of: vec![kind] })
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut any_of = Vec::new();
                while let Some(kind) = seq.next_element::<SectionKind>()? {
                    any_of.push(kind);
                }
                if any_of.is_empty() {
                    return Err(A::Error::custom("an empty list of sections meets nothing"));
                }
                Ok(SectionRequirement { any_of })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    /// A built-in profile whose settings this one starts from.
    extends: Option<String>,
    description: Option<String>,
    sections: Option<Vec<SectionRequirement>>,
    #[serde(default)]
    rules: BTreeMap<String, Setting>,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub description: String,
    /// The sections `missing-section` asks for.
    pub sections: Vec<SectionRequirement>,
    /// Severities the profile sets, by rule code; `None` turns the rule off.
    settings: BTreeMap<&'static str, Option<Severity>>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::builtin("default").expect("the default profile is built in")
    }
}

impl Profile {
    /// The built-in profile `name`.
    pub fn builtin(name: &str) -> Result<Profile, ConfigError> {
        let (name, toml) = BUILTIN
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .ok_or_else(|| {
                ConfigError::plain(format!(
                    "no profile named `{name}`; the built-in profiles are {}, or give the path of a profile file",
                    names().join(", ")
                ))
            })?;
        let shown = format!("rules/profiles/{name}.toml");
        let file = parse(&shown, toml)?;
        Profile::from_file(name, file, None)
            .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))
    }

    /// Whether `name_or_path` names a profile file (anything with a `/` or ending in `.toml`)
    /// rather than a built-in profile.
    pub fn is_path(name_or_path: &str) -> bool {
        name_or_path.contains(['/', '\\']) || name_or_path.ends_with(".toml")
    }

    /// A built-in profile by name, or a profile file by path.
    pub fn load(name_or_path: &str) -> Result<Profile, ConfigError> {
        if Profile::is_path(name_or_path) {
            Profile::load_file(Path::new(name_or_path))
        } else {
            Profile::builtin(name_or_path)
        }
    }

    /// The profile file at `path`: a regular file of at most [`crate::input::SETTINGS_CAP`]
    /// bytes; a parse error quotes only the short lines it concerns.
    pub fn load_file(path: &Path) -> Result<Profile, ConfigError> {
        let shown = crate::render::escape::path(path);
        let text = crate::input::read_settings(path)
            .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))?;
        let file = parse(&shown, &text)?;
        let base = match &file.extends {
            Some(name) => Some(
                Profile::builtin(name)
                    .map_err(|e| ConfigError::plain(format!("{shown}: extends: {e}")))?,
            ),
            None => None,
        };
        let name = path
            .file_stem()
            .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
        Profile::from_file(&name, file, base)
            .map_err(|e| ConfigError::plain(format!("{shown}: {e}")))
    }

    fn from_file(name: &str, file: ProfileFile, base: Option<Profile>) -> Result<Profile, String> {
        if file.extends.is_some() && base.is_none() {
            return Err("only a profile file can extend another profile".into());
        }
        let mut settings = base
            .as_ref()
            .map_or_else(BTreeMap::new, |b| b.settings.clone());
        for (key, setting) in file.rules {
            let meta = rules::find(&key).ok_or_else(|| {
                format!("[rules]: no rule named `{key}`; `pmlint rules` lists them")
            })?;
            settings.insert(meta.code, setting.0);
        }
        let sections = match (file.sections, &base) {
            (Some(sections), _) => sections,
            (None, Some(base)) => base.sections.clone(),
            (None, None) => return Err("`sections` is missing".into()),
        };
        let description = match (file.description, &base) {
            (Some(text), _) => text,
            (None, Some(base)) => format!("{} (extended)", base.description),
            (None, None) => String::new(),
        };
        Ok(Profile {
            name: name.to_string(),
            description,
            sections,
            settings,
        })
    }

    /// The severity `rule` reports at under this profile, or `None` if it does not run.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.settings.get(rule.code) {
            Some(setting) => *setting,
            None => rule.enabled.then_some(rule.severity),
        }
    }

    /// Runs `rule` at `severity`, or turns it off with `None`.
    pub fn set(&mut self, rule: &RuleMeta, severity: Option<Severity>) {
        self.settings.insert(rule.code, severity);
    }

    /// Every built-in profile.
    pub fn builtins() -> Vec<Profile> {
        BUILTIN
            .iter()
            .map(|(name, _)| Profile::builtin(name).expect("built-in profiles are valid"))
            .collect()
    }
}

/// Reads `text`, the profile file shown as `path`.
fn parse(path: &str, text: &str) -> Result<ProfileFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        ConfigError::at(path, text, e.span().unwrap_or(0..0), message, "here")
    })
}

/// The built-in profiles' names.
pub fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// The built-in profiles that run `rule` although it is off by default.
pub fn enabling(rule: &RuleMeta) -> Vec<String> {
    Profile::builtins()
        .into_iter()
        .filter(|p| p.severity(rule).is_some())
        .map(|p| p.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_profile_loads() {
        let profiles = Profile::builtins();
        assert_eq!(profiles.len(), BUILTIN.len());
        for profile in &profiles {
            assert!(!profile.description.is_empty(), "{}", profile.name);
            assert!(!profile.sections.is_empty(), "{}", profile.name);
        }
    }

    #[test]
    fn default_profile_runs_exactly_the_rules_on_by_default() {
        let profile = Profile::default();
        for meta in rules::metas() {
            let expected = meta.enabled.then_some(meta.severity);
            assert_eq!(profile.severity(meta), expected, "{}", meta.name);
        }
    }

    #[test]
    fn a_profile_turns_rules_on_and_sets_their_severity() {
        let owner = rules::find("action-item-owner").unwrap();
        let due = rules::find("action-item-due").unwrap();
        let sre = Profile::builtin("google-sre").unwrap();
        assert_eq!(sre.severity(owner), Some(Severity::Warning));
        assert_eq!(sre.severity(due), Some(Severity::Info));
        assert_eq!(Profile::default().severity(owner), None);
    }

    #[test]
    fn unknown_names_and_rules_are_errors() {
        let err = Profile::builtin("sre").unwrap_err();
        assert!(err.to_string().contains("google-sre"), "{err}");
        let file = parse(
            "mine.toml",
            "sections = [\"summary\"]\n[rules]\nno-such-rule = \"off\"\n",
        )
        .unwrap();
        let err = Profile::from_file("mine", file, None).unwrap_err();
        assert!(err.contains("no-such-rule"), "{err}");
        assert!(parse("mine.toml", "sections = [\"summary\"]\ncolour = 1\n").is_err());
        assert!(
            parse(
                "mine.toml",
                "sections = [\"summary\"]\n[rules]\nplaceholder = \"loud\"\n"
            )
            .is_err()
        );
    }

    #[test]
    fn a_requirement_may_accept_any_of_several_sections() {
        let file = parse(
            "mine.toml",
            "sections = [[\"summary\", \"impact\"], \"timeline\"]\n",
        )
        .unwrap();
        let profile = Profile::from_file("mine", file, None).unwrap();
        assert_eq!(
            profile.sections[0].any_of,
            [SectionKind::Summary, SectionKind::Impact]
        );
        assert_eq!(profile.sections[0].name(), "summary or impact");
        assert_eq!(profile.sections[1].any_of, [SectionKind::Timeline]);
        for bad in [
            "sections = [[]]\n",
            "sections = [[\"summary\", \"nope\"]]\n",
            "sections = [1]\n",
        ] {
            assert!(parse("mine.toml", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_profile_file_may_extend_a_builtin() {
        let dir = std::env::temp_dir().join(format!("pmlint-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("team.toml");
        std::fs::write(
            &path,
            "extends = \"google-sre\"\n[rules]\naction-item-due = \"off\"\nPM115 = \"error\"\n",
        )
        .unwrap();
        let profile = Profile::load(path.to_str().unwrap()).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(profile.name, "team");
        assert_eq!(
            profile.sections,
            Profile::builtin("google-sre").unwrap().sections
        );
        let due = rules::find("action-item-due").unwrap();
        let owner = rules::find("action-item-owner").unwrap();
        let placeholder = rules::find("placeholder").unwrap();
        assert_eq!(profile.severity(due), None);
        assert_eq!(profile.severity(owner), Some(Severity::Warning));
        assert_eq!(profile.severity(placeholder), Some(Severity::Error));
    }
}
