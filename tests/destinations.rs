//! Behaviour of the Destinations handler against a mock server, in JSON and XML: the docs'
//! samples decoded, a user's destinations by a percent-encoded login, create's body, update sent
//! as JSON with its optional members left out, delete's `?userId=` query, and blank IDs refused
//! before any I/O.

mod common;

use std::sync::{Arc, Mutex};

use common::{
    assert_invalid_input, client, docs_destinations, docs_user_destinations, keep_bodies,
    offline_client, sample_destination, serve_200, user_destination, xml_root,
};
use mockito::Matcher;
use mspbackups::api::destinations::routes;
use mspbackups::models::{Destination, NewUserDestination, UserDestination, UserDestinationUpdate};
use mspbackups::{Exchange, Format};

/// A destination with these members. (`Destination` has no public constructor: it is built by
/// decoding.)
fn destination(account_id: &str, account: &str, bucket: &str, bucket_name: &str) -> Destination {
    let body = serde_json::json!({
        "AccountID": account_id, "AccountDisplayName": account,
        "Destination": bucket, "DestinationDisplayName": bucket_name
    });
    Destination::from_body(Format::Json, body.to_string().as_bytes()).unwrap()
}

/// The GitBook "List Destinations" sample (whitespace collapsed).
fn docs_list_body(format: Format) -> String {
    match format {
        Format::Json => {
            let d = r#"{"AccountID":"sample string 1","AccountDisplayName":"sample string 2","Destination":"sample string 3","DestinationDisplayName":"sample string 4"}"#;
            format!("[{d},{d}]")
        }
        Format::Xml => {
            let d = "<DestinationsModel><AccountDisplayName>sample string 2</AccountDisplayName><AccountID>sample string 1</AccountID><Destination>sample string 3</Destination><DestinationDisplayName>sample string 4</DestinationDisplayName></DestinationsModel>";
            format!(
                "{}{d}{d}</ArrayOfDestinationsModel>",
                xml_root("ArrayOfDestinationsModel")
            )
        }
    }
}

/// The GitBook "List User Destinations" sample (whitespace collapsed).
fn docs_user_list_body(format: Format) -> String {
    match format {
        Format::Json => {
            let d = r#"{"ID":"sample string 1","CurrentVolume":2,"PackageID":3,"AccountID":"sample string 4","AccountDisplayName":"sample string 5","Destination":"sample string 6","DestinationDisplayName":"sample string 7"}"#;
            format!("[{d},{d}]")
        }
        Format::Xml => {
            let d = "<UserDestinationsModel><AccountDisplayName>sample string 5</AccountDisplayName><AccountID>sample string 4</AccountID><Destination>sample string 6</Destination><DestinationDisplayName>sample string 7</DestinationDisplayName><CurrentVolume>2</CurrentVolume><ID>sample string 1</ID><PackageID>3</PackageID></UserDestinationsModel>";
            format!(
                "{}{d}{d}</ArrayOfUserDestinationsModel>",
                xml_root("ArrayOfUserDestinationsModel")
            )
        }
    }
}

#[test]
fn destinations_list_and_for_user_decode_the_docs_samples_in_both_formats() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let list = common::answer_200(
            &mut server,
            "GET",
            "/api/Destinations",
            format,
            docs_list_body(format),
        );
        let for_user = common::answer_200(
            &mut server,
            "GET",
            "/api/Destinations/robert",
            format,
            docs_user_list_body(format),
        );
        let c = client(&server.url(), format);
        assert_eq!(
            c.destinations().list().unwrap(),
            docs_destinations(),
            "{format}"
        );
        assert_eq!(
            c.destinations().for_user("robert").unwrap(),
            docs_user_destinations(),
            "{format}"
        );
        list.assert();
        for_user.assert();
    }
}

#[test]
fn destinations_doc_example_values_decode_in_both_formats() {
    // The GitBook pages' printed examples (Python print-outs), as the wire carries them.
    let list = [
        (
            Format::Json,
            r#"[{"AccountID":"Sample94bf5b06-79a0-4a52-88ed-36da6wer4","AccountDisplayName":"Azure ","Destination":"main","DestinationDisplayName":"Azure "}]"#.to_owned(),
        ),
        (
            Format::Xml,
            format!(
                "{}<DestinationsModel><AccountDisplayName>Azure </AccountDisplayName><AccountID>Sample94bf5b06-79a0-4a52-88ed-36da6wer4</AccountID><Destination>main</Destination><DestinationDisplayName>Azure </DestinationDisplayName></DestinationsModel></ArrayOfDestinationsModel>",
                xml_root("ArrayOfDestinationsModel")
            ),
        ),
    ];
    for (format, body) in list {
        let (server, m) = serve_200("GET", "/api/Destinations", format, body);
        assert_eq!(
            client(&server.url(), format).destinations().list().unwrap(),
            vec![destination(
                "Sample94bf5b06-79a0-4a52-88ed-36da6wer4",
                "Azure ",
                "main",
                "Azure "
            )],
            "{format}"
        );
        m.assert();
    }
    let mut want = user_destination("sample-4240-bc15-474850696692", 13031, 27755);
    want.account_id = Some("sample37bb-4761-bc4e-f07ab8b7deb0".into());
    want.account_display_name = Some("test".into());
    want.destination = Some("seedingbucket".into());
    want.destination_display_name = Some("testStorage".into());
    let user_list = [
        (
            Format::Json,
            r#"[{"ID":"sample-4240-bc15-474850696692","CurrentVolume":13031,"PackageID":27755,"AccountID":"sample37bb-4761-bc4e-f07ab8b7deb0","AccountDisplayName":"test","Destination":"seedingbucket","DestinationDisplayName":"testStorage"}]"#.to_owned(),
        ),
        (
            Format::Xml,
            format!(
                "{}<UserDestinationsModel><AccountDisplayName>test</AccountDisplayName><AccountID>sample37bb-4761-bc4e-f07ab8b7deb0</AccountID><Destination>seedingbucket</Destination><DestinationDisplayName>testStorage</DestinationDisplayName><CurrentVolume>13031</CurrentVolume><ID>sample-4240-bc15-474850696692</ID><PackageID>27755</PackageID></UserDestinationsModel></ArrayOfUserDestinationsModel>",
                xml_root("ArrayOfUserDestinationsModel")
            ),
        ),
    ];
    for (format, body) in user_list {
        let (server, m) = serve_200("GET", "/api/Destinations/roberttech", format, body);
        assert_eq!(
            client(&server.url(), format)
                .destinations()
                .for_user("roberttech")
                .unwrap(),
            vec![want.clone()],
            "{format}"
        );
        m.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// for_user: the login in the path
// ------------------------------------------------------------------------------------------------

#[test]
fn destinations_for_user_percent_encodes_the_login() {
    let cases = [
        ("jane@example.com", "/api/Destinations/jane%40example.com"),
        (
            "jane.doe+backup@example.com",
            "/api/Destinations/jane.doe%2Bbackup%40example.com",
        ),
        ("Jane Doe", "/api/Destinations/Jane%20Doe"),
        ("a/b?c#d", "/api/Destinations/a%2Fb%3Fc%23d"),
        ("josé", "/api/Destinations/jos%C3%A9"),
    ];
    for format in Format::ALL {
        for (login, path) in cases {
            let (server, m) = serve_200(
                "GET",
                path,
                format,
                UserDestination::list_to_body(&[sample_destination("sample string 1")], format)
                    .unwrap(),
            );
            let got = client(&server.url(), format)
                .destinations()
                .for_user(login)
                .unwrap();
            assert_eq!(
                got,
                vec![sample_destination("sample string 1")],
                "{format} {login}"
            );
            m.assert();
            // The route table reads the login back from the path.
            assert_eq!(routes::for_user.matches(path), Some(vec![login.to_owned()]));
        }
    }
}

// ------------------------------------------------------------------------------------------------
// create, update
// ------------------------------------------------------------------------------------------------

#[test]
fn destinations_create_sends_add_user_destination_in_both_formats() {
    // XML: the GitBook sample; JSON: the GitBook sample with its `"MBSpackageID"` placeholder
    // made the integer the model declares.
    let d = NewUserDestination::new("sample string 1", "sample string 2", "sample string 3", 4);
    let bodies = [
        (
            Format::Json,
            Matcher::Json(serde_json::json!({
                "UserID": "sample string 1", "AccountID": "sample string 2",
                "Destination": "sample string 3", "PackageID": 4
            })),
        ),
        (
            Format::Xml,
            Matcher::Exact(format!(
                "{}\n  <AccountID>sample string 2</AccountID>\n  <Destination>sample string 3</Destination>\n  <PackageID>4</PackageID>\n  <UserID>sample string 1</UserID>\n</AddUserDestination>",
                xml_root("AddUserDestination")
            )),
        ),
    ];
    for (format, body) in bodies {
        let mut server = mockito::Server::new();
        let m = server
            .mock("POST", "/api/Destinations")
            .match_header("content-type", format.content_type())
            .match_body(body)
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format)
            .destinations()
            .create(&d)
            .unwrap();
        m.assert();
    }
    // The JSON sample's order is the declaration order.
    let json = String::from_utf8(d.to_body(Format::Json).unwrap()).unwrap();
    let at = |k: &str| json.find(k).unwrap();
    assert!(at("UserID") < at("AccountID") && at("Destination") < at("PackageID"));
}

#[test]
fn destinations_update_is_json_and_leaves_out_destination_and_package_id_when_none() {
    let json_type = "application/json; charset=utf-8";
    let mut bucket_only = UserDestinationUpdate::new("D1", "U1", "A1");
    bucket_only.destination = Some("new-bucket".into());
    let mut package_only = UserDestinationUpdate::new("D1", "U1", "A1");
    package_only.package_id = Some(27755);
    let mut both = bucket_only.clone();
    both.package_id = Some(0);
    let cases = [
        (
            UserDestinationUpdate::new("D1", "U1", "A1"),
            serde_json::json!({"ID": "D1", "UserID": "U1", "AccountID": "A1"}),
        ),
        (
            bucket_only,
            serde_json::json!({"ID": "D1", "UserID": "U1", "AccountID": "A1", "Destination": "new-bucket"}),
        ),
        (
            package_only,
            serde_json::json!({"ID": "D1", "UserID": "U1", "AccountID": "A1", "PackageID": 27755}),
        ),
        (
            both,
            serde_json::json!({"ID": "D1", "UserID": "U1", "AccountID": "A1", "Destination": "new-bucket", "PackageID": 0}),
        ),
    ];
    for format in Format::ALL {
        for (update, want) in &cases {
            let mut server = mockito::Server::new();
            let (m, kept) = keep_bodies(&mut server, "PUT", "/api/Destinations");
            let m = m
                .match_header("content-type", json_type)
                .match_header("accept", "application/json")
                .expect(1)
                .create();
            client(&server.url(), format)
                .destinations()
                .update(update)
                .unwrap();
            m.assert();
            let sent = kept.text(0);
            let got: serde_json::Value = serde_json::from_str(&sent).unwrap();
            assert_eq!(&got, want, "{format}: {sent}");
            assert!(!sent.contains("null"), "{format}: {sent}");
        }
    }
    const { assert!(routes::update.json_only) };
    const { assert!(!routes::create.json_only && !routes::delete.json_only) };
}

// ------------------------------------------------------------------------------------------------
// delete: `?userId=`
// ------------------------------------------------------------------------------------------------

#[test]
fn destinations_delete_sends_the_user_id_in_the_query() {
    let route = routes::delete;
    assert_eq!(route.path_template(), "/api/Destinations/{id}");
    assert_eq!(route.query_names().collect::<Vec<_>>(), ["userId"]);
    assert_eq!(route.params, ["id", "userId"]);
    let cases = [
        (
            "D1",
            "5f1c2b7e-0d4a-4c1e-9a51-3f6d2e8b7c90",
            "/api/Destinations/D1?userId=5f1c2b7e-0d4a-4c1e-9a51-3f6d2e8b7c90",
        ),
        (
            "dest 2",
            "jane+x@example.com&admin=1",
            "/api/Destinations/dest%202?userId=jane%2Bx%40example.com%26admin%3D1",
        ),
    ];
    for format in Format::ALL {
        for (id, user_id, shown) in cases {
            let mut server = mockito::Server::new();
            let path = shown.split('?').next().unwrap();
            let m = server
                .mock("DELETE", path)
                .match_query(Matcher::UrlEncoded("userId".into(), user_id.into()))
                .with_status(200)
                .expect(1)
                .create();
            let requests = Arc::new(Mutex::new(Vec::new()));
            let sink = Arc::clone(&requests);
            let c = mspbackups::Client::builder()
                .base_url(server.url())
                .token(common::TOKEN)
                .format(format)
                .no_proxy()
                .inspector(move |x: &Exchange<'_>| {
                    sink.lock()
                        .unwrap()
                        .push((x.request().path_and_query(), x.request().body().is_none()))
                })
                .build()
                .unwrap();
            c.destinations().delete(id, user_id).unwrap();
            m.assert();
            assert_eq!(
                *requests.lock().unwrap(),
                vec![(shown.to_owned(), true)],
                "{format}"
            );
            // The route builds the same request.
            let req = route.request(format, &[id, user_id]).unwrap();
            assert_eq!(req.path_and_query(), shown);
            assert_eq!(req.query(), [("userId".into(), user_id.to_owned())]);
        }
    }
}

#[test]
fn destinations_delete_is_not_sent_without_the_user_id() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let never = server.mock("DELETE", Matcher::Any).expect(0).create();
        let c = client(&server.url(), format);
        for user_id in ["", " ", "\t\n"] {
            assert_invalid_input(c.destinations().delete("D1", user_id), "userId");
        }
        assert_invalid_input(c.destinations().delete(" ", "U1"), "id");
        assert_invalid_input(c.destinations().delete("..", "U1"), "id");
        never.assert();
    }
}

// ------------------------------------------------------------------------------------------------
// Refused before any I/O
// ------------------------------------------------------------------------------------------------

#[test]
fn destinations_blank_required_ids_are_refused_before_any_io() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let post = server.mock("POST", Matcher::Any).expect(0).create();
        let put = server.mock("PUT", Matcher::Any).expect(0).create();
        let get = server.mock("GET", Matcher::Any).expect(0).create();
        let (offline, exchanges) = offline_client(format);
        for c in [&client(&server.url(), format), &offline] {
            let d = c.destinations();
            assert_invalid_input(
                d.create(&NewUserDestination::new(" ", "A", "B", 1)),
                "UserID",
            );
            assert_invalid_input(
                d.create(&NewUserDestination::new("U", "", "B", 1)),
                "AccountID",
            );
            assert_invalid_input(
                d.create(&NewUserDestination::new("U", "A", "\t", 1)),
                "Destination",
            );
            assert_invalid_input(d.update(&UserDestinationUpdate::new("", "U", "A")), "ID");
            assert_invalid_input(
                d.update(&UserDestinationUpdate::new("D", " ", "A")),
                "UserID",
            );
            assert_invalid_input(
                d.update(&UserDestinationUpdate::new("D", "U", "")),
                "AccountID",
            );
            assert_invalid_input(d.for_user(" "), routes::for_user.params[0]);
            assert_invalid_input(d.for_user(""), "userEmail");
        }
        assert_eq!(*exchanges.lock().unwrap(), 0, "{format}: nothing was sent");
        post.assert();
        put.assert();
        get.assert();
    }
}
