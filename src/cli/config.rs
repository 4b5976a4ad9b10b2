//! Where `mbs` finds its settings: the environment, the profiles file and the token cache.
//!
//! - **Environment**: `MBS_BASE_URL`, `MBS_LOGIN`, `MBS_PASSWORD`, `MBS_TOKEN`, `MBS_FORMAT`,
//!   `MBS_PROFILE`. A variable wins over the profile's setting; a command-line flag wins over
//!   both.
//! - **Profiles**: `$XDG_CONFIG_HOME/mbs/config` (else `~/.config/mbs/config`; on Windows
//!   `%APPDATA%\mbs\config`), INI-like sections `[name]` with `base_url`, `login` and `format`.
//!   The password is never written there, and never read from there.
//! - **Token cache**: `$XDG_CACHE_HOME/mbs/token-<profile>` (else `~/.cache/mbs/…`; on Windows
//!   `%LOCALAPPDATA%\mbs\…`), created with mode 0600 on Unix, holding the token, its expiry and
//!   the base URL and login it belongs to. It is reused while it is fresh (until
//!   [`renew_after`](crate::auth::renew_after) its lifetime, so 5 minutes before a two-week
//!   token expires), only for the same base URL and login, and ignored if anyone but the user
//!   may read it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::format::Format;
use crate::secret::Secret;

use super::CliError;

/// The profile used when none is named.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// Reads environment variables (the process's, or a map in tests).
pub(crate) trait Env {
    /// The variable's value, if set and not empty.
    fn get(&self, key: &str) -> Option<String>;
}

/// The process's environment.
pub(crate) struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    }
}

impl Env for std::collections::HashMap<&'static str, String> {
    fn get(&self, key: &str) -> Option<String> {
        std::collections::HashMap::get(self, key)
            .cloned()
            .filter(|v| !v.is_empty())
    }
}

/// One profile's settings, as the file holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    pub(crate) base_url: Option<String>,
    pub(crate) login: Option<String>,
    pub(crate) format: Option<String>,
}

/// The profiles file: named sections, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProfilesFile {
    pub(crate) profiles: Vec<(String, Profile)>,
}

impl ProfilesFile {
    /// Reads the INI-like text: `[name]` sections of `key = value` lines; `#` and `;` start
    /// comments. Unknown keys are ignored; a `password` key is refused (it is never read from
    /// a file).
    pub(crate) fn parse(text: &str, path: &Path) -> Result<ProfilesFile, CliError> {
        let mut file = ProfilesFile::default();
        let mut current: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let bad =
                |what: &str| CliError::usage(format!("{}, line {}: {what}", path.display(), n + 1));
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let name = name.trim();
                check_profile_name(name).map_err(|_| {
                    bad("a profile name uses only letters, digits, '-', '_' and '.'")
                })?;
                current = Some(match file.profiles.iter().position(|(p, _)| p == name) {
                    Some(i) => i,
                    None => {
                        file.profiles.push((name.to_owned(), Profile::default()));
                        file.profiles.len() - 1
                    }
                });
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(bad("expected `[profile]` or `key = value`"));
            };
            let Some(i) = current else {
                return Err(bad("a setting comes before any `[profile]` line"));
            };
            let value = value.trim().to_owned();
            let profile = &mut file.profiles[i].1;
            match key.trim().to_ascii_lowercase().as_str() {
                "base_url" => profile.base_url = Some(value),
                "login" => profile.login = Some(value),
                "format" => profile.format = Some(value),
                "password" => {
                    return Err(bad(
                        "mbs never reads a password from a file; remove it and use MBS_PASSWORD or the prompt",
                    ));
                }
                _ => {}
            }
        }
        Ok(file)
    }

    /// The file's text.
    pub(crate) fn render(&self) -> String {
        let mut out =
            String::from("# mbs profiles (`mbs configure`). Passwords are never stored here.\n");
        for (name, p) in &self.profiles {
            out.push_str(&format!("\n[{name}]\n"));
            for (key, value) in [
                ("base_url", &p.base_url),
                ("login", &p.login),
                ("format", &p.format),
            ] {
                if let Some(v) = value {
                    out.push_str(&format!("{key} = {v}\n"));
                }
            }
        }
        out
    }

    /// The named profile, if the file has it.
    pub(crate) fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, p)| p)
    }

    /// Sets the named profile, adding it at the end if new.
    pub(crate) fn set(&mut self, name: &str, profile: Profile) {
        match self.profiles.iter_mut().find(|(p, _)| p == name) {
            Some((_, p)) => *p = profile,
            None => self.profiles.push((name.to_owned(), profile)),
        }
    }

    /// Reads the file at `path`; a missing file is an empty one.
    pub(crate) fn load(path: &Path) -> Result<ProfilesFile, CliError> {
        match fs::read_to_string(path) {
            Ok(text) => ProfilesFile::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ProfilesFile::default()),
            Err(e) => Err(CliError::usage(format!(
                "can't read {}: {e}",
                path.display()
            ))),
        }
    }

    /// Writes the file at `path` (creating its directory).
    pub(crate) fn save(&self, path: &Path) -> Result<(), CliError> {
        let fail =
            |e: std::io::Error| CliError::usage(format!("can't write {}: {e}", path.display()));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        fs::write(path, self.render()).map_err(fail)
    }
}

/// Refuses a profile name that is not a plain file-name piece.
pub(crate) fn check_profile_name(name: &str) -> Result<(), CliError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "the profile name {name:?} may use only letters, digits, '-', '_' and '.'"
        )))
    }
}

fn home(env: &dyn Env) -> Option<PathBuf> {
    env.get("HOME")
        .or_else(|| env.get("USERPROFILE"))
        .map(PathBuf::from)
}

/// The profiles file's path.
pub(crate) fn config_path(env: &dyn Env) -> Result<PathBuf, CliError> {
    let dir = if cfg!(windows) {
        env.get("APPDATA").map(PathBuf::from)
    } else {
        env.get("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home(env).map(|h| h.join(".config")))
    };
    dir.map(|d| d.join("mbs").join("config")).ok_or_else(|| {
        CliError::usage("can't find the config directory: set HOME or XDG_CONFIG_HOME")
    })
}

/// The token cache's path for `profile`.
pub(crate) fn token_path(env: &dyn Env, profile: &str) -> Result<PathBuf, CliError> {
    let dir = if cfg!(windows) {
        env.get("LOCALAPPDATA").map(PathBuf::from)
    } else {
        env.get("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| home(env).map(|h| h.join(".cache")))
    };
    dir.map(|d| d.join("mbs").join(format!("token-{profile}")))
        .ok_or_else(|| {
            CliError::usage("can't find the cache directory: set HOME or XDG_CACHE_HOME")
        })
}

/// The settings a command runs with, resolved from flags, environment and profile.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) profile: String,
    pub(crate) base_url: String,
    pub(crate) login: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) token: Option<Secret>,
    pub(crate) format: Format,
}

/// Resolves the settings: `flag_format` and `flag_profile` from the command line, then the
/// environment, then the profile (`default` unless named), then the defaults.
pub(crate) fn resolve(
    env: &dyn Env,
    file: &ProfilesFile,
    flag_profile: Option<&str>,
    flag_format: Option<Format>,
) -> Result<Settings, CliError> {
    let named = flag_profile
        .map(str::to_owned)
        .or_else(|| env.get("MBS_PROFILE"));
    let profile_name = named.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    check_profile_name(&profile_name)?;
    let profile = match (file.get(&profile_name), &named) {
        (Some(p), _) => p.clone(),
        (None, Some(_)) if profile_name != DEFAULT_PROFILE => {
            return Err(CliError::usage(format!(
                "there is no profile {profile_name:?} (create it with `mbs configure --profile {profile_name}`)"
            )));
        }
        (None, _) => Profile::default(),
    };
    let format = match flag_format {
        Some(f) => f,
        None => match env.get("MBS_FORMAT").or(profile.format.clone()) {
            Some(text) => text
                .parse::<Format>()
                .map_err(|e| CliError::usage(format!("MBS_FORMAT or the profile's format: {e}")))?,
            None => Format::Json,
        },
    };
    Ok(Settings {
        profile: profile_name,
        base_url: env
            .get("MBS_BASE_URL")
            .or(profile.base_url)
            .unwrap_or_else(|| crate::client::DEFAULT_BASE_URL.to_owned()),
        login: env.get("MBS_LOGIN").or(profile.login),
        password: env.get("MBS_PASSWORD").map(Secret::new),
        token: env.get("MBS_TOKEN").map(Secret::new),
        format,
    })
}

/// A token in the cache, with what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CachedToken {
    pub(crate) base_url: String,
    pub(crate) login: String,
    /// Unix seconds after which it is not reused (its renewal point).
    pub(crate) renew_at: u64,
    /// Unix seconds at which it expires.
    pub(crate) expires: u64,
    pub(crate) token: Secret,
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl CachedToken {
    /// A token just issued, valid for `lifetime`.
    pub(crate) fn issued(
        base_url: &str,
        login: &str,
        token: Secret,
        lifetime: Duration,
        now: u64,
    ) -> CachedToken {
        CachedToken {
            base_url: base_url.to_owned(),
            login: login.to_owned(),
            renew_at: now + crate::auth::renew_after(lifetime).as_secs(),
            expires: now + lifetime.as_secs(),
            token,
        }
    }

    /// Whether it may serve a call to `base_url` as `login` at `now`.
    pub(crate) fn usable(&self, base_url: &str, login: Option<&str>, now: u64) -> bool {
        self.base_url == base_url && login.is_none_or(|l| l == self.login) && now < self.renew_at
    }

    fn render(&self) -> String {
        format!(
            "base_url={}\nlogin={}\nrenew_at={}\nexpires={}\ntoken={}\n",
            self.base_url,
            self.login,
            self.renew_at,
            self.expires,
            self.token.expose()
        )
    }

    fn parse(text: &str) -> Option<CachedToken> {
        let mut map = std::collections::HashMap::new();
        for line in text.lines() {
            let (k, v) = line.split_once('=')?;
            map.insert(k, v);
        }
        Some(CachedToken {
            base_url: (*map.get("base_url")?).to_owned(),
            login: (*map.get("login")?).to_owned(),
            renew_at: map.get("renew_at")?.parse().ok()?,
            expires: map.get("expires")?.parse().ok()?,
            token: Secret::new(*map.get("token")?).clone(),
        })
        .filter(|t| !t.token.is_blank())
    }

    /// The cached token at `path`, if there is a readable one only the user can read. A file
    /// others may read is deleted and ignored.
    pub(crate) fn load(path: &Path) -> Option<CachedToken> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = fs::symlink_metadata(path).ok()?;
            if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
                let _ = fs::remove_file(path);
                return None;
            }
        }
        CachedToken::parse(&fs::read_to_string(path).ok()?)
    }

    /// Writes the cache at `path`, readable and writable by the user only (mode 0600 on Unix,
    /// in a directory of mode 0700), replacing any older one.
    pub(crate) fn save(&self, path: &Path) -> Result<(), CliError> {
        let fail = |e: std::io::Error| {
            CliError::usage(format!(
                "can't write the token cache {}: {e}",
                path.display()
            ))
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(fail)?;
        let tmp = dir.join(format!(
            ".{}.{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("token"),
            std::process::id()
        ));
        let _ = fs::remove_file(&tmp);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let written = options
            .open(&tmp)
            .and_then(|mut f| {
                f.write_all(self.render().as_bytes())
                    .and_then(|_| f.sync_all())
            })
            .and_then(|_| fs::rename(&tmp, path));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written.map_err(fail)
    }

    /// Deletes the cache at `path`, if any.
    pub(crate) fn remove(path: &Path) {
        let _ = fs::remove_file(path);
    }
}

/// `2024-05-01 12:00:00 UTC` for Unix seconds.
pub(crate) fn utc_text(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let (y, m, d) = crate::models::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mbs-config-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn profiles_parse_render_and_resolve_with_the_environment_first() {
        let text = "# mine\n[default]\nbase_url = https://api.example\nlogin=me\n\n[sand]\nbase_url = http://127.0.0.1:9\nformat = XML\nfuture_key = 1\n";
        let file = ProfilesFile::parse(text, Path::new("cfg")).unwrap();
        assert_eq!(file.profiles.len(), 2);
        assert_eq!(
            ProfilesFile::parse(&file.render(), Path::new("cfg")).unwrap(),
            file
        );
        assert!(!file.render().to_lowercase().contains("password ="));

        let env: HashMap<&'static str, String> = HashMap::new();
        let s = resolve(&env, &file, None, None).unwrap();
        assert_eq!(
            (
                s.profile.as_str(),
                s.base_url.as_str(),
                s.login.as_deref(),
                s.format
            ),
            ("default", "https://api.example", Some("me"), Format::Json)
        );
        let s = resolve(&env, &file, Some("sand"), None).unwrap();
        assert_eq!(
            (s.base_url.as_str(), s.login, s.format),
            ("http://127.0.0.1:9", None, Format::Xml)
        );
        // Environment over profile, flag over both.
        let env: HashMap<&'static str, String> = [
            ("MBS_BASE_URL", "http://127.0.0.1:7".to_owned()),
            ("MBS_FORMAT", "json".to_owned()),
            ("MBS_PASSWORD", "pw".to_owned()),
            ("MBS_PROFILE", "sand".to_owned()),
        ]
        .into();
        let s = resolve(&env, &file, None, None).unwrap();
        assert_eq!(
            (s.profile.as_str(), s.base_url.as_str(), s.format),
            ("sand", "http://127.0.0.1:7", Format::Json)
        );
        assert_eq!(s.password.map(|p| p.expose().to_owned()), Some("pw".into()));
        assert_eq!(
            resolve(&env, &file, None, Some(Format::Xml))
                .unwrap()
                .format,
            Format::Xml
        );
        // A named profile that doesn't exist is an error; the default one may be missing.
        let e = resolve(&env, &file, Some("prod"), None).unwrap_err();
        assert!(e.message.contains("no profile \"prod\""), "{}", e.message);
        assert!(resolve(&HashMap::new(), &ProfilesFile::default(), None, None).is_ok());
        assert!(resolve(&HashMap::new(), &file, Some("../x"), None).is_err());
    }

    #[test]
    fn a_password_or_garbage_in_the_profiles_file_is_refused() {
        for bad in [
            "[p]\npassword = hunter2\n",
            "login = x\n",
            "[p]\njust words\n",
            "[a/b]\n",
        ] {
            let e = ProfilesFile::parse(bad, Path::new("cfg")).unwrap_err();
            assert!(e.message.starts_with("cfg, line"), "{}", e.message);
            assert!(!e.message.contains("hunter2"));
        }
    }

    #[test]
    fn paths_follow_xdg_then_home() {
        if cfg!(windows) {
            return;
        }
        let env: HashMap<&'static str, String> = [("HOME", "/h".to_owned())].into();
        assert_eq!(
            config_path(&env).unwrap(),
            PathBuf::from("/h/.config/mbs/config")
        );
        assert_eq!(
            token_path(&env, "p").unwrap(),
            PathBuf::from("/h/.cache/mbs/token-p")
        );
        let env: HashMap<&'static str, String> = [
            ("HOME", "/h".to_owned()),
            ("XDG_CONFIG_HOME", "/c".to_owned()),
            ("XDG_CACHE_HOME", "/k".to_owned()),
        ]
        .into();
        assert_eq!(config_path(&env).unwrap(), PathBuf::from("/c/mbs/config"));
        assert_eq!(
            token_path(&env, "default").unwrap(),
            PathBuf::from("/k/mbs/token-default")
        );
        assert!(config_path(&HashMap::new()).is_err());
    }

    #[test]
    fn the_token_cache_is_private_and_reused_only_while_fresh_for_its_server_and_login() {
        let dir = scratch("token");
        let path = dir.join("mbs").join("token-default");
        let t = CachedToken::issued(
            "http://h",
            "me",
            Secret::new("tok"),
            Duration::from_secs(1000),
            10_000,
        );
        // renew_after(1000 s) = the later of 300 s before expiry and half-way: 700 s.
        assert_eq!((t.renew_at, t.expires), (10_700, 11_000));
        t.save(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(path.parent().unwrap())
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777,
                0o700
            );
        }
        let back = CachedToken::load(&path).unwrap();
        assert_eq!(back, t);
        assert!(back.usable("http://h", Some("me"), 10_699));
        assert!(back.usable("http://h", None, 10_699));
        assert!(
            !back.usable("http://h", Some("me"), 10_700),
            "past its renewal point"
        );
        assert!(!back.usable("http://other", Some("me"), 10_000));
        assert!(!back.usable("http://h", Some("you"), 10_000));
        // Saved again: replaced, still private.
        CachedToken::issued(
            "http://h",
            "me",
            Secret::new("tok2"),
            Duration::from_secs(1000),
            20_000,
        )
        .save(&path)
        .unwrap();
        assert_eq!(
            CachedToken::load(&path).map(|t| t.token.expose().to_owned()),
            Some("tok2".into())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(
                CachedToken::load(&path),
                None,
                "a cache others can read is not used"
            );
            assert!(!path.exists(), "and is deleted");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_text(1_714_564_800 + 3_661), "2024-05-01 13:01:01 UTC");
    }
}
