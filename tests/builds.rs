//! Behaviour of the Builds handler against a mock server, in JSON and XML: the docs' samples and
//! printed examples decoded, a custom-build request's editions as numbers in JSON and names in
//! XML, and an empty edition list refused before any I/O.

mod common;

use common::{
    client, keep_bodies, offline_client, serve_200, without_insignificant_whitespace, xml_root,
};
use mockito::Matcher;
use mspbackups::api::builds::routes;
use mspbackups::models::{
    Build, BuildEdition, BuildRequest, BuildType, EditionVersion, UnknownValue,
};
use mspbackups::{Error, Format};

/// A build with these members. (`Build` has no public constructor: it is built by decoding.)
fn build(kind: &str, version: &str, link: &str) -> Build {
    let body = serde_json::json!({"Type": kind, "Version": version, "DownloadLink": link});
    Build::from_body(Format::Json, body.to_string().as_bytes()).unwrap()
}

fn edition_version(edition: i64, version: &str) -> EditionVersion {
    let body = serde_json::json!({"Type": edition, "Version": version});
    EditionVersion::from_body(Format::Json, body.to_string().as_bytes()).unwrap()
}

#[test]
fn builds_list_decodes_the_docs_sample_and_printed_example_in_both_formats() {
    let sample = [
        (Format::Json, {
            let b = r#"{"Type":"sample string 1","Version":"sample string 2","DownloadLink":"sample string 3"}"#;
            format!("[{b},{b}]")
        }),
        (Format::Xml, {
            let b = "<BuildModels><DownloadLink>sample string 3</DownloadLink><Type>sample string 1</Type><Version>sample string 2</Version></BuildModels>";
            format!(
                "{}{b}{b}</ArrayOfBuildModels>",
                xml_root("ArrayOfBuildModels")
            )
        }),
    ];
    for (format, body) in sample {
        let (server, m) = serve_200("GET", "/api/Builds", format, body);
        assert_eq!(
            client(&server.url(), format).builds().list().unwrap(),
            vec![build("sample string 1", "sample string 2", "sample string 3"); 2],
            "{format}"
        );
        m.assert();
    }
    // The GitBook page's printed example: `Type` is free text (`macOS`), not the edition enum.
    let windows = "http://s3.amazonaws.com/cb_setups/MBS/B91F2C34-88AD-43C0-8648/CBLCompanyonlinebackup_v5.8.6.28_netv4.0_ALLEDITIONS_Setup_20180503154124.exe";
    let mac = "http://s3.amazonaws.com/cb_setups/MBS/B91F2C34-88AD-43C0-8648/mac_CBLCompany_onlinebackup_v2.4.0.17_20180503154137.pkg";
    let printed = [
        (
            Format::Json,
            format!(
                r#"[{{"Type":"Windows","Version":"5.8.6.28","DownloadLink":"{windows}"}},{{"Type":"macOS","Version":"2.4.0.17","DownloadLink":"{mac}"}}]"#
            ),
        ),
        (
            Format::Xml,
            format!(
                "{}<BuildModels><DownloadLink>{windows}</DownloadLink><Type>Windows</Type><Version>5.8.6.28</Version></BuildModels><BuildModels><DownloadLink>{mac}</DownloadLink><Type>macOS</Type><Version>2.4.0.17</Version></BuildModels></ArrayOfBuildModels>",
                xml_root("ArrayOfBuildModels")
            ),
        ),
    ];
    for (format, body) in printed {
        let (server, m) = serve_200("GET", "/api/Builds", format, body);
        assert_eq!(
            client(&server.url(), format).builds().list().unwrap(),
            vec![
                build("Windows", "5.8.6.28", windows),
                build("macOS", "2.4.0.17", mac)
            ],
            "{format}"
        );
        m.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// available_versions
// ------------------------------------------------------------------------------------------------

#[test]
fn builds_available_versions_decodes_the_corrected_docs_printout() {
    // The GitBook sample is a Python print-out (`[{'Type': 0, 'Version': '5.9.0.274'}, …]`, not
    // JSON); corrected, it is this list of six editions.
    let json = r#"[{"Type": 0, "Version": "5.9.0.274"},
 {"Type": 1, "Version": "5.9.0.274"},
 {"Type": 2, "Version": "2.4.3.11"},
 {"Type": 3, "Version": "2.4.3.11"},
 {"Type": 4, "Version": "2.4.3.11"},
 {"Type": 5, "Version": "2.3.1.42"}]"#;
    let names = [
        "Windows",
        "VirtualMachine",
        "MacOS",
        "LinuxDeb",
        "LinuxRpm",
        "DedupServer",
    ];
    let versions = [
        "5.9.0.274",
        "5.9.0.274",
        "2.4.3.11",
        "2.4.3.11",
        "2.4.3.11",
        "2.3.1.42",
    ];
    let xml = {
        let items: String = names
            .iter()
            .zip(versions)
            .map(|(n, v)| {
                format!(
                    "<BuildEditionModel><Type>{n}</Type><Version>{v}</Version></BuildEditionModel>"
                )
            })
            .collect();
        format!(
            "{}{items}</ArrayOfBuildEditionModel>",
            xml_root("ArrayOfBuildEditionModel")
        )
    };
    let want: Vec<EditionVersion> = (0..6)
        .map(|i| edition_version(i, versions[i as usize]))
        .collect();
    for (format, body) in [(Format::Json, json.to_owned()), (Format::Xml, xml)] {
        let (server, m) = serve_200("GET", "/api/Builds/AvailableVersions", format, body);
        let got = client(&server.url(), format)
            .builds()
            .available_versions()
            .unwrap();
        assert_eq!(got, want, "{format}");
        assert_eq!(
            got.iter().map(|e| e.edition.clone()).collect::<Vec<_>>(),
            [
                BuildEdition::Windows,
                BuildEdition::VirtualMachine,
                BuildEdition::MacOS,
                BuildEdition::LinuxDeb,
                BuildEdition::LinuxRpm,
                BuildEdition::DedupServer
            ]
        );
        m.assert();
    }
    // The help page's XML sample.
    let sample = format!(
        "{}<BuildEditionModel><Type>Windows</Type><Version>sample string 1</Version></BuildEditionModel><BuildEditionModel><Type>Windows</Type><Version>sample string 1</Version></BuildEditionModel></ArrayOfBuildEditionModel>",
        xml_root("ArrayOfBuildEditionModel")
    );
    let (server, m) = serve_200("GET", "/api/Builds/AvailableVersions", Format::Xml, sample);
    assert_eq!(
        client(&server.url(), Format::Xml)
            .builds()
            .available_versions()
            .unwrap(),
        vec![edition_version(0, "sample string 1"); 2]
    );
    m.assert();
}

#[test]
fn builds_an_edition_this_crate_does_not_know_is_kept() {
    for (format, body, unknown) in [
        (
            Format::Json,
            r#"[{"Type":9,"Version":"1.0"}]"#.to_owned(),
            UnknownValue::Number(9),
        ),
        (
            Format::Xml,
            format!(
                "{}<BuildEditionModel><Type>Android</Type><Version>1.0</Version></BuildEditionModel></ArrayOfBuildEditionModel>",
                xml_root("ArrayOfBuildEditionModel")
            ),
            UnknownValue::Name("Android".into()),
        ),
    ] {
        let (server, m) = serve_200("GET", "/api/Builds/AvailableVersions", format, body);
        let got = client(&server.url(), format)
            .builds()
            .available_versions()
            .unwrap();
        assert_eq!(got[0].edition, BuildEdition::Unknown(unknown), "{format}");
        assert_eq!(got[0].version.as_deref(), Some("1.0"));
        m.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// request_custom
// ------------------------------------------------------------------------------------------------

#[test]
fn builds_request_custom_sends_editions_as_numbers_in_json_and_names_in_xml() {
    let req = BuildRequest::new(
        vec![
            BuildEdition::Windows,
            BuildEdition::MacOS,
            BuildEdition::DedupServer,
        ],
        BuildType::Custom,
    );
    let mut server = mockito::Server::new();
    let json = server
        .mock("POST", "/api/Builds/RequestCustomBuilds")
        .match_header("content-type", Format::Json.content_type())
        .match_body(Matcher::Json(
            serde_json::json!({"Editions": [0, 2, 5], "Type": 0}),
        ))
        .with_status(200)
        .expect(1)
        .create();
    client(&server.url(), Format::Json)
        .builds()
        .request_custom(&req)
        .unwrap();
    json.assert();

    let sent = String::from_utf8(req.to_body(Format::Json).unwrap()).unwrap();
    // Numbers, not names or quoted numbers.
    let v: serde_json::Value = serde_json::from_str(&sent).unwrap();
    let editions = v["Editions"].as_array().unwrap();
    assert_eq!(
        editions.iter().map(|e| e.as_u64()).collect::<Vec<_>>(),
        [Some(0), Some(2), Some(5)],
        "{sent}"
    );
    assert!(!sent.contains("Windows"), "{sent}");

    let sandbox = BuildRequest::new(
        vec![BuildEdition::Windows, BuildEdition::Windows],
        BuildType::Custom,
    );
    let xml_sample = format!(
        "{}<Editions><BuildEdition>Windows</BuildEdition><BuildEdition>Windows</BuildEdition></Editions><Type>Custom</Type></RequestBuilds>",
        xml_root("RequestBuilds")
    );
    let xml_req = format!(
        "{}<Editions><BuildEdition>Windows</BuildEdition><BuildEdition>MacOS</BuildEdition><BuildEdition>DedupServer</BuildEdition></Editions><Type>Sandbox</Type></RequestBuilds>",
        xml_root("RequestBuilds")
    );
    let mut to_sandbox = req.clone();
    to_sandbox.build_type = BuildType::Sandbox;
    for (r, want) in [(&sandbox, xml_sample), (&to_sandbox, xml_req)] {
        let mut server = mockito::Server::new();
        let (m, kept) = keep_bodies(&mut server, "POST", "/api/Builds/RequestCustomBuilds");
        let m = m
            .match_header("content-type", Format::Xml.content_type())
            .expect(1)
            .create();
        client(&server.url(), Format::Xml)
            .builds()
            .request_custom(r)
            .unwrap();
        m.assert();
        let body = kept.text(0);
        assert_eq!(without_insignificant_whitespace(Format::Xml, &body), want);
    }
}

#[test]
fn builds_request_custom_refuses_an_empty_edition_list_before_any_io() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let never = server.mock("POST", Matcher::Any).expect(0).create();
        let (offline, exchanges) = offline_client(format);
        for c in [&client(&server.url(), format), &offline] {
            for kind in [BuildType::Custom, BuildType::Sandbox] {
                match c
                    .builds()
                    .request_custom(&BuildRequest::new(Vec::new(), kind))
                {
                    Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "Editions"),
                    other => panic!("{format}: {other:?}"),
                }
            }
        }
        assert_eq!(*exchanges.lock().unwrap(), 0, "{format}: nothing was sent");
        never.assert();
    }
    // An edition this crate doesn't know can't be sent as XML (it has no name for it); the call
    // fails before any I/O too.
    let (c, exchanges) = offline_client(Format::Xml);
    let unknown = BuildRequest::new(vec![BuildEdition::from_value(9)], BuildType::Custom);
    match c.builds().request_custom(&unknown) {
        Err(Error::Encode { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(*exchanges.lock().unwrap(), 0);
    assert_eq!(
        routes::request_custom.path,
        "/api/Builds/RequestCustomBuilds"
    );
}
