//! Behaviour of the Packages handler against a mock server, in JSON and XML: the docs' samples
//! through the handler, the single get reading one object, `null` or a list (the docs' sample),
//! a user's packages, decimal texts kept as each format writes them, create, update and delete
//! by an integer ID, and unknown values and members kept.

mod common;

use common::{
    answer_fixture, assert_invalid_input, client, decimal, doc_example_package, docs_new_package,
    docs_package, docs_package_update, docs_packages, expect_body, ext, fixture, fixture_body,
    null_body, offline_client, serve_200, xml_root,
};
use mockito::Matcher;
use mspbackups::Format;
use mspbackups::models::{GlacierRestoreType, NewPackage, Package, UnknownValue};

#[test]
fn the_docs_samples_go_through_the_handler_in_both_formats() {
    for format in Format::ALL {
        let e = ext(format);
        let mut server = mockito::Server::new();
        let list = answer_fixture(
            &mut server,
            "GET",
            "/api/Packages",
            format,
            "packages/list.response.docs",
        );
        let for_user = answer_fixture(
            &mut server,
            "GET",
            "/api/Packages/fake-7567-4965-8c8a-bee5bf6b056d",
            format,
            "packages/for_user.response.docs",
        );
        let mut sent = Vec::new();
        for (method, stem) in [("POST", "create"), ("PUT", "update")] {
            let body = fixture_body(&format!("packages/{stem}.request.{e}"));
            sent.push(expect_body(&mut server, method, "/api/Packages", format, body).create());
        }
        let delete = server
            .mock("DELETE", "/api/Packages/44988")
            .with_status(200)
            .expect(1)
            .create();
        let c = client(&server.url(), format);
        let packages = c.packages();
        assert_eq!(packages.list().unwrap(), docs_packages(format), "{format}");
        assert_eq!(
            packages
                .for_user("fake-7567-4965-8c8a-bee5bf6b056d")
                .unwrap(),
            docs_packages(format)
        );
        packages.create(&docs_new_package(format)).unwrap();
        packages.update(&docs_package_update(format)).unwrap();
        packages.delete(44988).unwrap();
        for m in [list, for_user, delete].into_iter().chain(sent) {
            m.assert();
        }
    }
}

#[test]
fn get_reads_one_object_null_or_a_list_whose_first_item_it_answers() {
    for format in Format::ALL {
        let e = ext(format);
        // The docs' sample for the single get is an array (of two packages).
        let mut first = docs_package(format);
        first.id = 7;
        let list = Package::list_to_body(&[first.clone(), docs_package(format)], format).unwrap();
        let cases: [(Vec<u8>, Option<Package>); 5] = [
            (
                fixture(&format!("packages/get.response.docs.{e}")),
                Some(docs_package(format)),
            ),
            (list, Some(first)),
            // The "Get Package" page's printed example: one object.
            (
                fixture(&format!("packages/get-one.response.{e}")),
                Some(doc_example_package(format)),
            ),
            (null_body(format, "PackagesModels").into_bytes(), None),
            (Package::list_to_body(&[], format).unwrap(), None),
        ];
        for (body, want) in cases {
            let (server, m) = serve_200("GET", "/api/Packages/20988", format, body.clone());
            let got = client(&server.url(), format).packages().get(20988).unwrap();
            assert_eq!(got, want, "{format}: {}", String::from_utf8_lossy(&body));
            m.assert();
        }
    }
}

#[test]
fn for_user_reads_a_list_and_sends_the_user_id_in_the_same_route_shape() {
    let get = mspbackups::api::packages::routes::get;
    let for_user = mspbackups::api::packages::routes::for_user;
    // One route template, documented twice (see the module docs): only the name differs.
    assert_eq!(get.method, for_user.method);
    assert_eq!(
        get.path.replace("{id}", "X"),
        for_user.path.replace("{userID}", "X")
    );
    for format in Format::ALL {
        let (server, m) = serve_200(
            "GET",
            "/api/Packages/user%201",
            format,
            Package::list_to_body(&[doc_example_package(format)], format).unwrap(),
        );
        assert_eq!(
            client(&server.url(), format)
                .packages()
                .for_user("user 1")
                .unwrap(),
            [doc_example_package(format)]
        );
        m.assert();
    }
}

#[test]
fn decimal_texts_are_kept_as_each_format_writes_them() {
    // The same amount: `2.0` in the JSON sample, `2` in the XML one; each is kept as sent, and
    // what a caller gives is what goes out.
    for (format, cost, storage) in [(Format::Json, "2.0", "6.1"), (Format::Xml, "2", "6.1")] {
        let (server, m) = serve_200(
            "GET",
            "/api/Packages",
            format,
            fixture(&format!("packages/list.response.docs.{}", ext(format))),
        );
        let got = client(&server.url(), format).packages().list().unwrap();
        assert_eq!(got[0].cost.as_str(), cost);
        assert_eq!(got[0].storage_limit.as_str(), storage);
        m.assert();
    }
    let mut p = Package::new(1, "money");
    p.cost = decimal("12.3400");
    p.storage_limit = decimal("0.1");
    p.restore_limit = decimal("-1");
    for format in Format::ALL {
        let body = String::from_utf8(p.to_body(format).unwrap()).unwrap();
        for text in ["12.3400", "0.1", "-1"] {
            assert!(body.contains(text), "{format}: {body}");
        }
        assert_eq!(Package::from_body(format, body.as_bytes()).unwrap(), p);
    }
    // A large amount stays exact (no floating point on the way).
    let big = br#"{"ID":1,"Cost":12345678901234567890.12345678,"Enabled":true,"Name":"n","StorageLimit":1,"isGlacierRestoreLimit":false,"RestoreLimit":-1.0,"GlacierRestoreType":0,"UseRestoreLimit":false}"#;
    let p = Package::from_body(Format::Json, big).unwrap();
    assert_eq!(p.cost.as_str(), "12345678901234567890.12345678");
    assert!(
        String::from_utf8(p.to_body(Format::Json).unwrap())
            .unwrap()
            .contains("\"Cost\": 12345678901234567890.12345678,")
    );
}

#[test]
fn delete_takes_an_integer_id() {
    for format in Format::ALL {
        let mut server = mockito::Server::new();
        let m = server
            .mock("DELETE", "/api/Packages/-3")
            .match_body(Matcher::Exact(String::new()))
            .with_status(200)
            .expect(1)
            .create();
        client(&server.url(), format).packages().delete(-3).unwrap();
        m.assert();
    }
}

#[test]
fn restore_limit_of_a_new_package_is_left_out_when_none() {
    let member = NewPackage::CONTRACT.member("RestoreLimit").unwrap();
    assert!(member.omit_null);
    for format in Format::ALL {
        // (`UseRestoreLimit` and `isGlacierRestoreLimit` contain the name too.)
        let member = match format {
            Format::Json => "\"RestoreLimit\": 5.5",
            Format::Xml => "<RestoreLimit>5.5</RestoreLimit>",
        };
        let mut p = NewPackage::new("p", decimal("1"), decimal("2"));
        let body = String::from_utf8(p.to_body(format).unwrap()).unwrap();
        assert!(
            !body.contains("\"RestoreLimit\"") && !body.contains("<RestoreLimit"),
            "{body}"
        );
        p.restore_limit = Some(decimal("5.5"));
        let body = String::from_utf8(p.to_body(format).unwrap()).unwrap();
        assert!(body.contains(member), "{body}");
    }
}

#[test]
fn a_blank_name_is_refused_before_any_io() {
    for format in Format::ALL {
        let (c, exchanges) = offline_client(format);
        assert_invalid_input(
            c.packages()
                .create(&NewPackage::new(" ", decimal("1"), decimal("1"))),
            "Name",
        );
        assert_invalid_input(c.packages().update(&Package::new(1, "")), "Name");
        assert_eq!(*exchanges.lock().unwrap(), 0);
    }
}

#[test]
fn unknown_enum_values_and_members_are_kept() {
    let bodies = [
        (
            Format::Json,
            br#"{"ID":1,"Cost":0.0,"Enabled":true,"Name":"n","StorageLimit":1.0,"isGlacierRestoreLimit":true,"RestoreLimit":-1.0,"GlacierRestoreType":9,"UseRestoreLimit":false,"Currency":"EUR"}"#.to_vec(),
            UnknownValue::Number(9),
            "\"EUR\"",
        ),
        (
            Format::Xml,
            format!(
                "{}<Cost>0</Cost><Currency>EUR</Currency><Enabled>true</Enabled><GlacierRestoreType>Instant</GlacierRestoreType><ID>1</ID><Name>n</Name><RestoreLimit>-1</RestoreLimit><StorageLimit>1</StorageLimit><UseRestoreLimit>false</UseRestoreLimit><isGlacierRestoreLimit>true</isGlacierRestoreLimit></PackagesModels>",
                xml_root("PackagesModels")
            )
            .into_bytes(),
            UnknownValue::Name("Instant".into()),
            "EUR",
        ),
    ];
    for (format, body, unknown, currency) in bodies {
        let (server, m) = serve_200("GET", "/api/Packages/1", format, body);
        let p = client(&server.url(), format)
            .packages()
            .get(1)
            .unwrap()
            .unwrap();
        assert_eq!(p.glacier_restore_type, GlacierRestoreType::Unknown(unknown));
        assert_eq!(p.extra("Currency").map(|v| v.raw()), Some(currency));
        m.assert();
    }
}
