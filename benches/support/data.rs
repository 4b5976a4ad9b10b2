//! The 10,000-license list the decode benchmarks read (shared by `targets.rs` and `codec.rs`).

use mspbackups::Format;
use mspbackups::models::License;

/// 10,000 licenses as the server writes them: compact JSON, and XML without indentation.
pub fn ten_thousand() -> (Vec<u8>, Vec<u8>) {
    let list: Vec<License> = (0..10_000i64)
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
        .collect();
    let json = serde_json::to_vec(&list).expect("json");
    let pretty = License::list_to_body(&list, Format::Xml).expect("xml");
    let text = String::from_utf8(pretty).expect("utf-8");
    let compact: String = text.lines().map(str::trim_start).collect();
    (json, compact.into_bytes())
}
