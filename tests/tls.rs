//! Trusting a private CA (a TLS-inspecting proxy's, say): refused by default with a message that
//! names the certificate problem, accepted once the CA's PEM is given, bad PEM refused at
//! `build()`, and no certificate bytes in `Debug`.
//!
//! Each test makes its own CA and `localhost` certificate with rcgen and serves one canned answer
//! to `GET /api/Licenses` over rustls (ring, the provider ureq uses) on 127.0.0.1.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use mspbackups::retry::RetryPolicy;
use mspbackups::{Client, ClientBuilder, Error, TransportErrorKind};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    date_time_ymd,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const LISTED: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]";
const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

/// A CA: its certificate as PEM, and what signs server certificates.
struct Ca {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let cert = params.self_signed(&key).unwrap();
    Ca {
        pem: cert.pem(),
        issuer: Issuer::new(params, key),
    }
}

/// A server certificate for `names`, signed by `ca`, optionally with its own validity.
fn server_cert(
    ca: &Ca,
    names: &[&str],
    validity: Option<(i32, i32)>,
) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "test server");
    if let Some((from, to)) = validity {
        params.not_before = date_time_ymd(from, 1, 1);
        params.not_after = date_time_ymd(to, 1, 1);
    }
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (cert.der().clone(), key)
}

/// Serves HTTPS on 127.0.0.1 with this certificate; returns the port.
fn serve(cert: CertificateDer<'static>, key: PrivateKeyDer<'static>) -> u16 {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let config = Arc::clone(&config);
            // A refused handshake ends here with an error; nothing to report.
            std::thread::spawn(move || answer(config, tcp));
        }
    });
    port
}

/// One request, one canned answer.
fn answer(config: Arc<rustls::ServerConfig>, tcp: TcpStream) -> io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let conn = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tls.read(&mut chunk)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let answer = if head.starts_with(b"GET /api/Licenses HTTP/1.1\r\n") {
        LISTED
    } else {
        NOT_FOUND
    };
    tls.write_all(answer)?;
    tls.conn.send_close_notify();
    tls.flush()
}

fn builder(port: u16) -> ClientBuilder {
    Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .token("t")
        .no_proxy()
        .retry(RetryPolicy::none())
}

/// The transport error of a call that must fail in TLS, and its message.
fn tls_failure(builder: ClientBuilder) -> String {
    let err = builder.build().unwrap().licenses().list().unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(t.kind(), TransportErrorKind::Tls, "{err}");
    assert!(t.kind().request_not_sent());
    eprintln!("{err}");
    err.to_string()
}

#[test]
fn a_private_ca_is_refused_by_default_and_the_message_says_why() {
    let ca = ca("Corporate Proxy CA");
    let (cert, key) = server_cert(&ca, &["localhost", "127.0.0.1"], None);
    let port = serve(cert, key);

    let shown = tls_failure(builder(port));
    assert!(
        shown.starts_with(&format!("GET /api/Licenses to localhost:{port} failed: ")),
        "{shown}"
    );
    assert!(shown.contains("not trusted"), "{shown}");
    assert!(shown.contains("issuer is unknown"), "{shown}");
    assert!(shown.contains("add_root_certificates_pem"), "{shown}");
    assert!(!shown.contains('\n'), "{shown}");
}

#[test]
fn the_call_succeeds_once_the_ca_pem_is_given() {
    let ca = ca("Corporate Proxy CA");
    let (cert, key) = server_cert(&ca, &["localhost", "127.0.0.1"], None);
    let port = serve(cert, key);

    let client = builder(port)
        .add_root_certificates_pem(&ca.pem)
        .build()
        .unwrap();
    assert_eq!(client.licenses().list().unwrap(), vec![]);

    // Calls add up: an unrelated CA given first does not hide the right one.
    let other = crate::ca("Some Other CA");
    let client = builder(port)
        .add_root_certificates_pem(other.pem.as_bytes())
        .add_root_certificates_pem(ca.pem.as_bytes())
        .build()
        .unwrap();
    assert_eq!(client.licenses().list().unwrap(), vec![]);

    // The unrelated CA alone is not enough.
    let shown = tls_failure(builder(port).add_root_certificates_pem(other.pem));
    assert!(shown.contains("issuer is unknown"), "{shown}");
}

#[test]
fn other_certificate_problems_are_named() {
    let ca = ca("Corporate Proxy CA");

    let (cert, key) = server_cert(&ca, &["api.example.com"], None);
    let port = serve(cert, key);
    let shown = tls_failure(builder(port).add_root_certificates_pem(&ca.pem));
    assert!(shown.contains("not valid for the host name"), "{shown}");
    assert!(shown.contains("api.example.com"), "{shown}");

    let (cert, key) = server_cert(&ca, &["localhost"], Some((2000, 2001)));
    let port = serve(cert, key);
    let shown = tls_failure(builder(port).add_root_certificates_pem(&ca.pem));
    assert!(shown.contains("certificate has expired"), "{shown}");
}

#[test]
fn bad_pem_is_a_config_error_before_any_io() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let ca = ca("Corporate Proxy CA");
    let body_line = ca.pem.lines().nth(1).unwrap().to_owned();

    let broken_base64 = ca.pem.replacen(&body_line, "not*base64*at*all", 1);
    let cases: [(&[u8], &str); 4] = [
        (b"", "holds no certificate"),
        (b"/etc/ssl/certs/proxy-ca.pem", "holds no certificate"),
        (broken_base64.as_bytes(), "not valid base64"),
        (
            ca.pem
                .trim_end()
                .trim_end_matches("-----END CERTIFICATE-----")
                .as_bytes(),
            "no matching -----END",
        ),
    ];
    for (pem, says) in cases {
        let err = builder(port)
            .add_root_certificates_pem(ca.pem.as_bytes())
            .add_root_certificates_pem(pem)
            .build()
            .unwrap_err();
        let Error::Config { reason } = &err else {
            panic!("expected a config error, got {err:?}");
        };
        assert!(
            reason.contains("add_root_certificates_pem (call 2)"),
            "{err}"
        );
        assert!(reason.contains(says), "{err}");
        assert!(!reason.contains(&body_line[..20]), "{err}");
    }

    // A private key is not a certificate.
    let key = KeyPair::generate().unwrap().serialize_pem();
    let err = builder(port)
        .add_root_certificates_pem(key)
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("private key but no certificate"),
        "{err}"
    );

    assert_eq!(
        listener.accept().unwrap_err().kind(),
        io::ErrorKind::WouldBlock,
        "build() must not connect"
    );
}

#[test]
fn builder_debug_counts_certificates_without_showing_them() {
    let first = ca("First CA");
    let second = ca("Second CA");
    let both = format!("{}{}", first.pem, second.pem);

    let shown = format!("{:?}", builder(1));
    assert!(shown.contains("tls_roots: bundled webpki roots"), "{shown}");

    let b = builder(1).add_root_certificates_pem(&both);
    let shown = format!("{b:?}");
    assert!(
        shown.contains("tls_roots: 2 root certificates from PEM (besides the bundled roots)"),
        "{shown}"
    );
    for line in both.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!shown.contains(&line[..16]), "{shown}");
    }
    assert!(!shown.contains("BEGIN"), "{shown}");
    // Nor the DER bytes as a list of numbers (a certificate starts 0x30 0x82).
    assert!(!shown.contains("48, 130"), "{shown}");

    let shown = format!("{:?}", builder(1).add_root_certificates_pem("junk"));
    assert!(shown.contains("invalid root certificate PEM"), "{shown}");
}

#[cfg(feature = "platform-verifier")]
#[test]
fn the_platform_store_does_not_know_a_private_ca() {
    let ca = ca("Corporate Proxy CA");
    let (cert, key) = server_cert(&ca, &["localhost", "127.0.0.1"], None);
    let port = serve(cert, key);

    let b = builder(port).platform_certificates(true);
    assert!(format!("{b:?}").contains("tls_roots: platform certificate store"));
    tls_failure(b);

    let err = builder(port)
        .platform_certificates(true)
        .add_root_certificates_pem(&ca.pem)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot be combined"), "{err}");
}
