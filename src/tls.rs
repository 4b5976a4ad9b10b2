//! Which certificates the client trusts, and what a TLS failure means in words.
//!
//! By default the server is verified against the Mozilla roots bundled with ureq
//! (`webpki-roots`). [`crate::ClientBuilder::add_root_certificates_pem`] adds the caller's
//! certificates (the CA of a TLS-inspecting proxy, say) to the same Mozilla roots, taken as
//! certificates from `webpki-root-certs` (ureq 3.5 verifies against exactly one list, so the
//! client hands it both). With the `platform-verifier` feature,
//! [`crate::ClientBuilder::platform_certificates`] verifies with the operating system's store
//! instead (rustls-platform-verifier).

use std::fmt;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::error::Error;

/// The builder's TLS trust settings.
#[derive(Clone, Default)]
pub(crate) struct TlsSettings {
    /// Certificates from every `add_root_certificates_pem` call, in order.
    roots: Vec<Certificate<'static>>,
    /// How many PEM texts were given.
    pem_texts: usize,
    /// The first PEM problem, reported by `build()`.
    pem_error: Option<String>,
    /// Verify with the operating system's store.
    #[cfg(feature = "platform-verifier")]
    platform: bool,
}

impl TlsSettings {
    /// Reads the certificates of one PEM text; a problem is kept for [`ureq_config`](Self::ureq_config).
    pub(crate) fn add_pem(&mut self, pem: &[u8]) {
        self.pem_texts += 1;
        let call = self.pem_texts;
        let mut found = 0;
        let mut keys = 0;
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(cert)) if looks_like_der_certificate(cert.der()) => {
                    self.roots.push(cert);
                    found += 1;
                }
                Ok(PemItem::Certificate(_)) => {
                    return self.fail(
                        call,
                        "has a CERTIFICATE section that is not an X.509 certificate",
                    );
                }
                Ok(PemItem::PrivateKey(_)) => keys += 1,
                Ok(_) => {}
                Err(e) => return self.fail(call, pem_problem(&e)),
            }
        }
        if found == 0 {
            self.fail(
                call,
                if keys > 0 {
                    "holds a private key but no certificate (give the CA's certificate, never its key)"
                } else {
                    "holds no certificate (expected -----BEGIN CERTIFICATE----- sections)"
                },
            );
        }
    }

    fn fail(&mut self, call: usize, problem: &str) {
        if self.pem_error.is_none() {
            self.pem_error = Some(format!(
                "the PEM text given to add_root_certificates_pem (call {call}) {problem}"
            ));
        }
    }

    #[cfg(feature = "platform-verifier")]
    pub(crate) fn set_platform(&mut self, on: bool) {
        self.platform = on;
    }

    #[cfg(feature = "platform-verifier")]
    fn platform(&self) -> bool {
        self.platform
    }

    #[cfg(not(feature = "platform-verifier"))]
    fn platform(&self) -> bool {
        false
    }

    /// ureq's TLS configuration for these settings, or the configuration error `build()` returns.
    pub(crate) fn ureq_config(&self) -> Result<TlsConfig, Error> {
        if let Some(reason) = &self.pem_error {
            return Err(Error::Config {
                reason: reason.clone(),
            });
        }
        let roots = match (self.roots.is_empty(), self.platform()) {
            (true, false) => RootCerts::WebPki,
            (false, false) => {
                // Extra roots are added to the bundled Mozilla roots (as certificates, from
                // `webpki-root-certs`: ureq verifies against one list, so both go in it).
                let mut all: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                    .iter()
                    .map(|c| Certificate::from_der(c.as_ref()))
                    .collect();
                all.extend(self.roots.iter().cloned());
                RootCerts::new_with_certs(&all)
            }
            (true, true) => RootCerts::PlatformVerifier,
            (false, true) => {
                return Err(Error::Config {
                    reason: "add_root_certificates_pem and platform_certificates(true) cannot be \
                             combined: the client verifies with one set of roots; add the CA to \
                             the system's store, or pass every root you need as PEM"
                        .to_owned(),
                });
            }
        };
        Ok(TlsConfig::builder().root_certs(roots).build())
    }
}

/// One line, never a certificate's bytes: `bundled webpki roots`, `2 root certificates from PEM
/// (besides the bundled roots)`, `platform certificate store`.
impl fmt::Debug for TlsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pem_error.is_some() {
            return f.write_str("invalid root certificate PEM (build() will fail)");
        }
        match (self.roots.len(), self.platform()) {
            (0, false) => f.write_str("bundled webpki roots"),
            (0, true) => f.write_str("platform certificate store"),
            (n, platform) => {
                let s = if n == 1 { "" } else { "s" };
                write!(
                    f,
                    "{n} root certificate{s} from PEM (besides the bundled roots)"
                )?;
                if platform {
                    f.write_str(" and the platform certificate store (build() will fail)")?;
                }
                Ok(())
            }
        }
    }
}

/// An outer DER `SEQUENCE` spanning exactly the bytes: catches base64 that decodes to
/// something else, which rustls would otherwise skip without a word.
fn looks_like_der_certificate(der: &[u8]) -> bool {
    let [0x30, first, rest @ ..] = der else {
        return false;
    };
    let (len, body) = if first & 0x80 == 0 {
        (usize::from(*first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return false;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    len == body.len()
}

/// Why a PEM text could not be read, without echoing any of it.
fn pem_problem(e: &ureq::Error) -> &'static str {
    // The wrapped `rustls_pki_types::pem::Error` is not part of ureq's API: read its variant name.
    let shown = match e {
        ureq::Error::Pem(p) => format!("{p:?}"),
        _ => String::new(),
    };
    if shown.starts_with("MissingSectionEnd") {
        "is not valid PEM: a -----BEGIN----- line has no matching -----END----- line"
    } else if shown.starts_with("IllegalSectionStart") {
        "is not valid PEM: a -----BEGIN----- line is malformed"
    } else if shown.starts_with("Base64Decode") {
        "is not valid PEM: a section's body is not valid base64"
    } else {
        "could not be read as PEM"
    }
}

/// The hint given when the server's certificate leads to no trusted root.
const TRUST_HINT: &str = "if a TLS-inspecting proxy sits between this machine and the server, \
     trust its CA with ClientBuilder::add_root_certificates_pem, or use the operating system's store \
     with ClientBuilder::platform_certificates, which needs the `platform-verifier` feature";

/// `Some(what went wrong)` when `e` is a TLS failure, for [`crate::TransportError`]'s message.
pub(crate) fn describe_failure(e: &ureq::Error) -> Option<String> {
    match e {
        ureq::Error::Rustls(r) => Some(describe_rustls(r)),
        ureq::Error::Io(io) => rustls_error_in(io).map(describe_rustls),
        ureq::Error::Tls(what) => Some(what.to_string()),
        ureq::Error::Pem(_) => Some("a certificate could not be read as PEM".to_owned()),
        ureq::Error::TlsRequired => {
            Some("the connection needed TLS but the transport is not encrypted".to_owned())
        }
        _ => None,
    }
}

/// Whether an I/O error is rustls refusing the connection (how ureq reports a failed handshake).
pub(crate) fn is_tls_io(io: &std::io::Error) -> bool {
    rustls_error_in(io).is_some()
}

/// The `rustls::Error` inside an I/O error. Its type is named through ureq's `Error::Rustls`
/// variant, so this always matches the rustls version ureq was built with, without a direct
/// dependency on rustls.
fn rustls_error_in(io: &std::io::Error) -> Option<&(impl std::error::Error + 'static)> {
    fn downcast<'a, T: std::error::Error + 'static>(
        _variant: fn(T) -> ureq::Error,
        inner: &'a (dyn std::error::Error + Send + Sync + 'static),
    ) -> Option<&'a T> {
        inner.downcast_ref::<T>()
    }
    downcast(ureq::Error::Rustls, io.get_ref()?)
}

/// A sentence for a rustls error. Its variants are read from its `Debug` form (rustls is not a
/// direct dependency, see [`rustls_error_in`]); rustls's own text is the fallback, so a renamed
/// variant still gives a true, if plainer, message.
fn describe_rustls(r: &impl std::error::Error) -> String {
    let debug = format!("{r:?}");
    let mut names = debug
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|s| !s.is_empty());
    let outer = names.next().unwrap_or_default();
    let inner = names.next().unwrap_or_default();
    let shown = r.to_string();
    // rustls's text for a certificate error, without its "invalid peer certificate: " lead.
    let specific = shown
        .strip_prefix("invalid peer certificate: ")
        .unwrap_or(&shown);
    let with_specifics = |sentence: &str| {
        if inner.ends_with("Context") {
            format!("{sentence}; {specific}")
        } else {
            sentence.to_owned()
        }
    };
    match (outer, inner) {
        ("InvalidCertificate", "UnknownIssuer") => format!(
            "the server's certificate is not trusted: its issuer is unknown, not a certificate \
             authority this client trusts; {TRUST_HINT}"
        ),
        ("InvalidCertificate", "BadSignature") => {
            "the server's certificate chain has an invalid signature".to_owned()
        }
        ("InvalidCertificate", "Expired" | "ExpiredContext") => {
            with_specifics("the server's certificate has expired")
        }
        ("InvalidCertificate", "NotValidYet" | "NotValidYetContext") => with_specifics(
            "the server's certificate is not valid yet: is this machine's clock right?",
        ),
        ("InvalidCertificate", "NotValidForName" | "NotValidForNameContext") => {
            with_specifics("the server's certificate is not valid for the host name called")
        }
        ("InvalidCertificate", "Revoked") => "the server's certificate has been revoked".to_owned(),
        ("InvalidCertificate", "InvalidPurpose" | "InvalidPurposeContext") => {
            with_specifics("the server's certificate is not meant for a TLS server")
        }
        ("InvalidCertificate", s) if s.starts_with("UnsupportedSignatureAlgorithm") => {
            "the server's certificate is signed with an algorithm the client does not support"
                .to_owned()
        }
        ("InvalidCertificate", "BadEncoding") => "the server's certificate is malformed".to_owned(),
        ("InvalidCertificate", _) => format!("the server's certificate was refused: {specific}"),
        ("NoCertificatesPresented", _) => "the server presented no certificate".to_owned(),
        ("AlertReceived", alert) => {
            format!("the server ended the handshake with a {alert} alert")
        }
        ("PeerIncompatible", _) => format!(
            "the server offers no TLS version or cipher suite the client supports ({shown})"
        ),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(e: rustls::Error) -> ureq::Error {
        ureq::Error::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    #[test]
    fn extra_roots_are_added_to_the_bundled_ones() {
        let bundled = webpki_root_certs::TLS_SERVER_ROOT_CERTS;
        assert!(bundled.len() > 100);
        let mut settings = TlsSettings::default();
        // Any bundled root, as PEM, stands in for a proxy's CA here.
        let der = bundled[0].as_ref();
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64(der)
        );
        settings.add_pem(pem.as_bytes());
        let config = settings.ureq_config().unwrap();
        match config.root_certs() {
            RootCerts::Specific(certs) => assert_eq!(certs.len(), bundled.len() + 1),
            other => panic!("{other:?}"),
        }
    }

    fn base64(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn certificate_problems_are_named() {
        use rustls::CertificateError as C;
        let says = |e: rustls::Error| describe_failure(&io(e)).unwrap();
        let unknown = says(rustls::Error::InvalidCertificate(C::UnknownIssuer));
        assert!(unknown.contains("issuer is unknown"), "{unknown}");
        assert!(unknown.contains("add_root_certificates_pem"), "{unknown}");
        assert!(says(C::Expired.into()).contains("has expired"));
        let expired = says(
            C::ExpiredContext {
                time: rustls::pki_types::UnixTime::since_unix_epoch(
                    std::time::Duration::from_secs(200),
                ),
                not_after: rustls::pki_types::UnixTime::since_unix_epoch(
                    std::time::Duration::from_secs(100),
                ),
            }
            .into(),
        );
        assert!(
            expired.contains("has expired; certificate expired"),
            "{expired}"
        );
        assert!(says(C::NotValidForName.into()).contains("not valid for the host name"));
        assert!(says(C::NotValidYet.into()).contains("clock"));
        assert!(says(C::Revoked.into()).contains("revoked"));
        assert!(says(C::BadSignature.into()).contains("invalid signature"));
        assert_eq!(
            says(rustls::Error::AlertReceived(
                rustls::AlertDescription::HandshakeFailure
            )),
            "the server ended the handshake with a HandshakeFailure alert"
        );
        assert_eq!(
            describe_failure(&ureq::Error::Rustls(rustls::Error::NoCertificatesPresented)).unwrap(),
            "the server presented no certificate"
        );
        assert!(is_tls_io(&std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::DecryptError
        )));
    }

    #[test]
    fn other_failures_are_not_tls() {
        assert!(describe_failure(&ureq::Error::HostNotFound).is_none());
        let plain = std::io::Error::new(std::io::ErrorKind::InvalidData, "not rustls");
        assert!(!is_tls_io(&plain));
        assert!(describe_failure(&ureq::Error::Io(plain)).is_none());
    }

    #[test]
    fn pem_problems_are_named_without_echoing_the_text() {
        let reason = |pem: &[u8]| {
            let mut s = TlsSettings::default();
            s.add_pem(pem);
            match s.ureq_config() {
                Err(Error::Config { reason }) => reason,
                other => panic!("{other:?}"),
            }
        };
        assert!(reason(b"hello").contains("(call 1) holds no certificate"));
        let r = reason(b"-----BEGIN CERTIFICATE-----\nSECRET!!\n-----END CERTIFICATE-----\n");
        assert!(
            r.contains("not valid base64") && !r.contains("SECRET"),
            "{r}"
        );
        let r = reason(b"-----BEGIN CERTIFICATE-----\nAAAA\n");
        assert!(r.contains("no matching -----END"), "{r}");
        // Valid base64, but not DER.
        let r = reason(b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n");
        assert!(r.contains("not an X.509 certificate"), "{r}");
    }

    #[test]
    fn der_shape_check() {
        assert!(looks_like_der_certificate(&[0x30, 0x01, 0x00]));
        assert!(looks_like_der_certificate(&[0x30, 0x81, 0x01, 0x00]));
        assert!(!looks_like_der_certificate(&[0x30, 0x02, 0x00]));
        assert!(!looks_like_der_certificate(&[0x31, 0x01, 0x00]));
        assert!(!looks_like_der_certificate(&[0x30, 0x80]));
        assert!(!looks_like_der_certificate(b""));
    }

    #[test]
    fn debug_counts_certificates() {
        let mut s = TlsSettings::default();
        assert_eq!(format!("{s:?}"), "bundled webpki roots");
        s.roots
            .push(Certificate::from_der(&[0x30, 0x00]).to_owned());
        s.roots
            .push(Certificate::from_der(&[0x30, 0x00]).to_owned());
        assert_eq!(
            format!("{s:?}"),
            "2 root certificates from PEM (besides the bundled roots)"
        );
    }
}
