//! The lists the decode benchmarks read (shared by `targets.rs`, `codec.rs`, `decode_memory.rs`
//! and `tests/decode_memory.rs`): licenses, and users (`UsersModels`, with nested destinations
//! and notification e-mails), as the server writes them: compact JSON, and XML without
//! indentation.

#![allow(dead_code)]

use mspbackups::Format;
use mspbackups::models::{License, User};

/// `n` licenses: every other one assigned to a user, every fourth taken by a computer.
pub fn licenses(n: usize) -> Vec<License> {
    (0..n as i64)
        .map(|n| {
            let mut l = License::new(format!("license-{n:08}-4628-9fbf-0e1f2a3b4c5d"), n);
            l.license_type = Some(
                if n % 3 == 0 {
                    "Ultimate"
                } else {
                    "File Backup"
                }
                .to_owned(),
            );
            l.date_expired = Some(
                format!("2027-{:02}-{:02}T00:00:00", n % 12 + 1, n % 28 + 1)
                    .parse()
                    .expect("date"),
            );
            l.transaction = Some(format!("transaction-{n:08}-e205-4efa-87b2"));
            if n % 2 == 0 {
                l.user_id = Some(format!("user-{:08}-4e5f-4a6b-8c7d", n / 2));
                l.user = Some(format!("user{}@example.com", n / 2));
                l.is_taken = n % 4 == 0;
                if l.is_taken {
                    l.computer_name = Some(format!("DESKTOP-{n:06}"));
                    l.operating_system = Some("Windows 11 Pro".to_owned());
                }
            }
            l
        })
        .collect()
}

/// `n` users: 0 to 2 destinations and 0 to 2 notification e-mails each (every fifth has none,
/// null), names and companies on most.
pub fn users(n: usize) -> Vec<User> {
    let mut json = String::with_capacity(n * 600);
    json.push('[');
    for i in 0..n {
        if i > 0 {
            json.push(',');
        }
        let emails = match i % 5 {
            0 => "null".to_owned(),
            k => {
                let list: Vec<String> = (0..k % 3)
                    .map(|j| format!("\"alerts{j}.user{i}@example.com\""))
                    .collect();
                format!("[{}]", list.join(","))
            }
        };
        let destinations: Vec<String> = (0..i % 3)
            .map(|j| {
                format!(
                    "{{\"ID\":\"dest-{i:08}-{j}-4c55-9a0e-5e1f0b9c2d11\",\"CurrentVolume\":{},\
                     \"PackageID\":{},\"AccountID\":\"account-{:04}-1b7d-4c55\",\
                     \"AccountDisplayName\":\"Amazon S3\",\"Destination\":\"backup-bucket-{j}\",\
                     \"DestinationDisplayName\":\"Backups {j}\"}}",
                    i * 1_048_576 + j,
                    j + 1,
                    i % 97
                )
            })
            .collect();
        let (first, company) = if i % 4 == 0 {
            ("null".to_owned(), "null".to_owned())
        } else {
            (format!("\"First{i}\""), format!("\"Company {}\"", i % 50))
        };
        json.push_str(&format!(
            "{{\"ID\":\"user-{i:08}-4e5f-4a6b-8c7d-0e1f2a3b\",\"Email\":\"user{i}@example.com\",\
             \"FirstName\":{first},\"LastName\":\"Last{i}\",\"NotificationEmails\":{emails},\
             \"Company\":{company},\"Enabled\":{},\"LicenseManagmentMode\":{},\
             \"DestinationList\":[{}],\"SpaceUsed\":{}}}",
            i % 7 != 0,
            i % 3,
            destinations.join(","),
            i * 4096
        ));
    }
    json.push(']');
    User::list_from_body(Format::Json, json.as_bytes()).expect("users")
}

/// An XML body as the server sends it: the SDK's layout without its indentation.
fn compact(pretty: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(pretty).expect("utf-8");
    let compact: String = text.lines().map(str::trim_start).collect();
    compact.into_bytes()
}

/// `licenses` in both formats: (JSON, XML).
pub fn license_bodies(list: &[License]) -> (Vec<u8>, Vec<u8>) {
    let json = serde_json::to_vec(list).expect("json");
    let xml = compact(License::list_to_body(list, Format::Xml).expect("xml"));
    (json, xml)
}

/// `users` in both formats: (JSON, XML).
pub fn user_bodies(list: &[User]) -> (Vec<u8>, Vec<u8>) {
    let json = serde_json::to_vec(list).expect("json");
    let xml = compact(User::list_to_body(list, Format::Xml).expect("xml"));
    (json, xml)
}

/// 10,000 licenses: (JSON, XML).
pub fn ten_thousand() -> (Vec<u8>, Vec<u8>) {
    license_bodies(&licenses(10_000))
}

/// 10,000 users: (JSON, XML).
pub fn ten_thousand_users() -> (Vec<u8>, Vec<u8>) {
    user_bodies(&users(10_000))
}

/// As many items of `all` (a list longer than needed) as make a body of at most `size` bytes,
/// in that body's format: `bodies` writes (JSON, XML) of a slice.
fn sized<T>(
    all: &[T],
    size: usize,
    xml: bool,
    bodies: impl Fn(&[T]) -> (Vec<u8>, Vec<u8>),
) -> Vec<u8> {
    let pick = |(j, x): (Vec<u8>, Vec<u8>)| if xml { x } else { j };
    let sample = pick(bodies(&all[..1000])).len();
    // Item sizes vary little; shrink the estimate until the body fits.
    let mut n = (size * 1000 / sample).min(all.len());
    loop {
        let body = pick(bodies(&all[..n]));
        if body.len() <= size {
            return body;
        }
        n -= n / 100 + 1;
    }
}

/// A list of licenses of at most `size` bytes in each format: (JSON, XML).
pub fn licenses_of_size(size: usize) -> (Vec<u8>, Vec<u8>) {
    let all = licenses(size / 250);
    (
        sized(&all, size, false, license_bodies),
        sized(&all, size, true, license_bodies),
    )
}

/// A list of users of at most `size` bytes in each format: (JSON, XML).
pub fn users_of_size(size: usize) -> (Vec<u8>, Vec<u8>) {
    let all = users(size / 300);
    (
        sized(&all, size, false, user_bodies),
        sized(&all, size, true, user_bodies),
    )
}
