//! Host name resolution that does not cost a thread (or a DNS query) per request.
//!
//! ureq 3.5 resolves the host before **every** request, pooled connection or not, and when a
//! time limit is set it does so in a newly spawned thread, so that the limit can apply. With the
//! client's default limits that was a thread and a `getaddrinfo` per API call (about 65 µs of a
//! 116 µs loopback revoke, measured by `benches/targets.rs`). This resolver answers IP literals
//! directly and remembers a host's addresses for [`DNS_CACHE_TTL`]; only a miss goes to ureq's
//! own resolver, limits and all.
//!
//! A failed lookup comes back from ureq's resolver as a bare I/O error; this one wraps it so the
//! client can report it as a DNS failure naming the host (and retry it: nothing was sent).

use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a host's addresses are reused before they are looked up again.
pub const DNS_CACHE_TTL: Duration = Duration::from_secs(60);

/// How many hosts are remembered (a client talks to one or two).
const HOSTS: usize = 8;

struct Entry {
    /// `scheme://authority`.
    key: String,
    at: Instant,
    addrs: ResolvedSocketAddrs,
}

/// A host name that did not resolve, carried inside the I/O error ureq passes on.
#[derive(Debug)]
struct LookupFailed {
    host: String,
    source: std::io::Error,
}

impl std::fmt::Display for LookupFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not resolve host `{}`", self.host)
    }
}

impl std::error::Error for LookupFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The host name of a failed lookup, if `error` is one.
pub(crate) fn unresolved_host(error: &std::io::Error) -> Option<&str> {
    error
        .get_ref()
        .and_then(|e| e.downcast_ref::<LookupFailed>())
        .map(|l| l.host.as_str())
}

/// See the [module docs](self).
#[derive(Default)]
pub(crate) struct CachingResolver {
    fallback: DefaultResolver,
    cache: Mutex<Vec<Entry>>,
}

impl std::fmt::Debug for CachingResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CachingResolver")
    }
}

fn same_key(key: &str, scheme: &str, authority: &str) -> bool {
    key.len() == scheme.len() + 3 + authority.len()
        && key.starts_with(scheme)
        && key[scheme.len()..].starts_with("://")
        && key.ends_with(authority)
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return self.fallback.resolve(uri, config, timeout);
        };
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>() {
            let port = authority
                .port_u16()
                .unwrap_or(if scheme.eq_ignore_ascii_case("https") {
                    443
                } else {
                    80
                });
            let mut out = self.empty();
            out.push(SocketAddr::new(ip, port));
            return Ok(out);
        }
        let authority = authority.as_str();
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(e) = cache.iter().find(|e| same_key(&e.key, scheme, authority)) {
                if e.at.elapsed() < DNS_CACHE_TTL {
                    return Ok(e.addrs.clone());
                }
            }
        }
        let addrs = self
            .fallback
            .resolve(uri, config, timeout)
            .map_err(|e| match e {
                // `to_socket_addrs` failed: the name did not resolve. Say which name.
                ureq::Error::Io(io) => ureq::Error::Io(std::io::Error::new(
                    io.kind(),
                    LookupFailed {
                        host: host.to_owned(),
                        source: io,
                    },
                )),
                other => other,
            })?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|e| !same_key(&e.key, scheme, authority));
        if cache.len() >= HOSTS {
            cache.remove(0);
        }
        cache.push(Entry {
            key: format!("{scheme}://{authority}"),
            at: Instant::now(),
            addrs: addrs.clone(),
        });
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(r: &CachingResolver, url: &str) -> Vec<SocketAddr> {
        let uri: Uri = url.parse().unwrap();
        let config = Config::default();
        let timeout = NextTimeout {
            after: Duration::from_secs(5).into(),
            reason: ureq::Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        r.resolve(&uri, &config, timeout).unwrap().to_vec()
    }

    #[test]
    fn answers_ip_literals_without_a_lookup() {
        let r = CachingResolver::default();
        assert_eq!(
            resolve(&r, "http://127.0.0.1:8080/x"),
            vec!["127.0.0.1:8080".parse().unwrap()]
        );
        assert_eq!(
            resolve(&r, "https://[::1]/x"),
            vec!["[::1]:443".parse().unwrap()]
        );
        assert!(r.cache.lock().unwrap().is_empty());
    }

    #[test]
    fn remembers_a_host() {
        let r = CachingResolver::default();
        let first = resolve(&r, "http://localhost:9/a");
        assert!(!first.is_empty());
        assert_eq!(r.cache.lock().unwrap().len(), 1);
        assert_eq!(resolve(&r, "http://localhost:9/b"), first);
        assert_eq!(r.cache.lock().unwrap().len(), 1);
        assert!(same_key("http://localhost:9", "http", "localhost:9"));
        assert!(!same_key("https://localhost:9", "http", "localhost:9"));
    }
}
