//! Request bodies from `Field=value` pairs: `--set` on a command, a CSV row in bulk, and
//! `mbs wire encode`. The pairs are typed by the body's contract (the same declaration the
//! SDK encodes from), written as JSON, and then read by the route's model, which writes the
//! exact bytes in the chosen format.

use crate::contract::{Contract, Kind, Member};
use crate::models::Decimal;

use super::CliError;

/// A JSON value being built, as text pieces (so decimals keep their exact text).
enum Json {
    Object(Vec<(&'static str, Json)>),
    Raw(String),
}

impl Json {
    fn write(&self, out: &mut String) {
        match self {
            Json::Raw(text) => out.push_str(text),
            Json::Object(members) => {
                out.push('{');
                for (i, (name, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::from(*name).to_string());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// The JSON body of `contract` with each `(path, value)` pair set: `path` is a member's wire
/// name (matched without case), or a dotted path into nested models
/// (`AccountSettings.AmazonS3.AccessKey`). Values are read as the member's type: numbers,
/// `true`/`false`, enum names or numbers, decimals as written, lists comma-separated, and
/// `null` (for a member that admits it). Members not set are left out: the model reads an
/// optional one as null, and refuses a missing number, `bool` or enum (a single command fills
/// those with .NET's defaults, shown in its help; a CSV row must have their columns).
pub fn json_body(
    contract: &'static Contract,
    pairs: &[(String, String)],
) -> Result<Vec<u8>, CliError> {
    let mut root = Vec::new();
    for (path, value) in pairs {
        set(contract, &mut root, path, path, value)?;
    }
    let mut out = String::new();
    Json::Object(root).write(&mut out);
    Ok(out.into_bytes())
}

fn member_of(
    contract: &'static Contract,
    name: &str,
    full: &str,
) -> Result<&'static Member, CliError> {
    contract
        .json_members
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<&str> = contract.json_members.iter().map(|m| m.name).collect();
            CliError::usage(format!(
                "{full}: {} has no member {name:?} (its members: {})",
                contract.name,
                names.join(", ")
            ))
        })
}

fn set(
    contract: &'static Contract,
    object: &mut Vec<(&'static str, Json)>,
    path: &str,
    full: &str,
    value: &str,
) -> Result<(), CliError> {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let member = member_of(contract, head, full)?;
    match (rest, member.kind) {
        (Some(rest), Kind::Model(inner)) => {
            let index = match object.iter().position(|(n, _)| *n == member.name) {
                Some(i) => i,
                None => {
                    object.push((member.name, Json::Object(Vec::new())));
                    object.len() - 1
                }
            };
            match &mut object[index].1 {
                Json::Object(members) => set(inner, members, rest, full, value),
                Json::Raw(_) => Err(CliError::usage(format!(
                    "{full}: {} is set twice (as a whole and by member)",
                    member.name
                ))),
            }
        }
        (Some(_), _) => Err(CliError::usage(format!(
            "{full}: {} is not a model, so it has no members",
            member.name
        ))),
        (None, kind) => {
            let json = if value == "null" {
                if !member.nullable {
                    return Err(CliError::usage(format!(
                        "{full}: {} can't be null",
                        member.name
                    )));
                }
                "null".to_owned()
            } else {
                scalar(&kind, value, full)?
            };
            object.retain(|(n, _)| *n != member.name);
            object.push((member.name, Json::Raw(json)));
            Ok(())
        }
    }
}

/// The JSON text of one value of `kind`.
fn scalar(kind: &Kind, value: &str, full: &str) -> Result<String, CliError> {
    let bad = |what: &str| CliError::usage(format!("{full}: {value:?} is not {what}"));
    Ok(match kind {
        Kind::String | Kind::Guid | Kind::DateTime => serde_json::Value::from(value).to_string(),
        Kind::Bool => match value.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => "true".to_owned(),
            "false" | "no" | "0" => "false".to_owned(),
            _ => return Err(bad("true or false")),
        },
        Kind::Int32 => value
            .trim()
            .parse::<i32>()
            .map_err(|_| bad("a whole number (32-bit)"))?
            .to_string(),
        Kind::Int64 => value
            .trim()
            .parse::<i64>()
            .map_err(|_| bad("a whole number"))?
            .to_string(),
        Kind::Decimal => value
            .trim()
            .parse::<Decimal>()
            .map_err(|_| bad("a decimal number"))?
            .as_str()
            .to_owned(),
        Kind::Enum(e) => {
            let found = e.values.iter().find(|(name, n)| {
                name.eq_ignore_ascii_case(value.trim()) || n.to_string() == value.trim()
            });
            match found {
                Some((_, n)) => n.to_string(),
                None => {
                    let names: Vec<&str> = e.values.iter().map(|(n, _)| *n).collect();
                    return Err(CliError::usage(format!(
                        "{full}: {value:?} is not a {} (one of {})",
                        e.xml_name,
                        names.join(", ")
                    )));
                }
            }
        }
        Kind::List(item) => {
            let items: Result<Vec<String>, CliError> = value
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| scalar(item, s.trim(), full))
                .collect();
            format!("[{}]", items?.join(","))
        }
        Kind::Model(c) => {
            return Err(CliError::usage(format!(
                "{full}: {} is a model; set its members (`{full}.Member=value`)",
                c.name
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::models::{NewAccount, NewPackage};

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn typed_pairs_make_the_body_the_model_reads() -> Result<(), Box<dyn std::error::Error>> {
        let body = json_body(
            &crate::LicenseOperation::CONTRACT,
            &pairs(&[("licenseid", "L1"), ("UserID", "U 2")]),
        )?;
        assert_eq!(body, br#"{"LicenseID":"L1","UserID":"U 2"}"#);
        let body = json_body(
            &NewPackage::CONTRACT,
            &pairs(&[
                ("Name", "30 GB"),
                ("StorageLimit", "30.50"),
                ("Cost", "4.99"),
                ("isGlacierRestoreLimit", "no"),
                ("GlacierRestoreType", "Bulk"),
                ("UseRestoreLimit", "false"),
                ("Description", "null"),
            ]),
        )?;
        let p = NewPackage::from_body(Format::Json, &body)?;
        assert_eq!(p.storage_limit.as_str(), "30.50");
        assert_eq!(
            p.glacier_restore_type,
            crate::models::GlacierRestoreType::Bulk
        );
        let body = json_body(
            &NewAccount::CONTRACT,
            &pairs(&[
                ("DisplayName", "S3"),
                ("Type", "AmazonS3"),
                ("AccountSettings.AmazonS3.AccessKey", "AK"),
                ("AccountSettings.AmazonS3.SecretKey", "SK"),
                ("AccountSettings.AmazonS3.IsGovCloud", "false"),
            ]),
        )?;
        let a = NewAccount::from_body(Format::Json, &body)?;
        assert_eq!(
            a.account_settings
                .amazon_s3
                .map(|s| s.access_key.expose().to_owned()),
            Some("AK".into())
        );
        Ok(())
    }

    #[test]
    fn wrong_pairs_are_usage_errors_naming_the_member() {
        let c = &crate::LicenseOperation::CONTRACT;
        let e = json_body(c, &pairs(&[("Nope", "x")]))
            .err()
            .map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("LicenseID, UserID")));
        let e = json_body(&NewPackage::CONTRACT, &pairs(&[("Cost", "cheap")]))
            .err()
            .map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("not a decimal")));
        let e = json_body(
            &NewPackage::CONTRACT,
            &pairs(&[("GlacierRestoreType", "Fast")]),
        )
        .err()
        .map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("Standard, Bulk, Expedited, No")));
        let e = json_body(&NewPackage::CONTRACT, &pairs(&[("Cost", "null")]))
            .err()
            .map(|e| e.message);
        assert!(e.is_some_and(|m| m.contains("can't be null")));
    }
}
