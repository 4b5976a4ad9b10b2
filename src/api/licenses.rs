//! `/api/Licenses`: list, get, grant, release and revoke licenses.
//!
//! # Grant, release, revoke
//!
//! All three take a [`LicenseOperation`] (`LicenseID`, `UserID`; both required) and answer 200
//! with no body on success. What they do, from the API docs:
//!
//! | call | effect on the license | the user afterwards |
//! |---|---|---|
//! | [`grant`](Licenses::grant) (`POST /api/Licenses/Grant`) | given to the user | has it among their licenses and can activate it |
//! | [`release`](Licenses::release) (`POST /api/Licenses/Release`) | taken back from the user: freed, back in the pool | no longer has it |
//! | [`revoke`](Licenses::revoke) (`POST /api/Licenses/Revoke`) | deactivated on the user's computer | still has it in the list of licenses available to them |
//!
//! So *release* undoes a *grant*; *revoke* only frees the computer's activation and leaves the
//! license assigned.
//!
//! > **Warning** (API docs, revoke): the user shouldn't be allowed to activate licenses from the
//! > global pool automatically (the user's `LicenseManagmentMode` should not be *Automatic*).
//! > Otherwise license revocation will not work properly: the backup agent can simply activate a
//! > license from the pool again.
//!
//! [`revoke_checked`](Licenses::revoke_checked) ([`crate::api::revoke`]) honours it: it reads
//! the user, refuses an automatic one (or switches them to manual when asked), revokes, and
//! reads the outcome back.
//!
//! The docs say a failure answers "a JSON containing the error message" without naming a status;
//! a 200 whose body carries a message is therefore reported as [`Error::Api`] (see
//! [the rules](crate#success-answers-that-carry-a-message)).
//!
//! # Reading licenses
//!
//! [`list`](Licenses::list) (`GET /api/Licenses`), [`list_by_availability`](Licenses::list_by_availability)
//! (`GET /api/Licenses?isAvailable=true|false`) and [`get`](Licenses::get) (`GET /api/Licenses/{id}`)
//! answer [`License`]s. An unknown ID has been seen to answer 200 with `null`: `get` returns
//! `Ok(None)` for it.

use crate::error::Error;
use crate::models::{License, LicenseOperation};
use crate::route::routes;

routes! {
    /// License calls, from [`Client::licenses`](crate::Client::licenses).
    pub struct Licenses, group "Licenses", table routes {
        /// Lists every license: `GET /api/Licenses`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for license in client.licenses().list()? {
        ///     println!("#{} {} taken={} user={:?}", license.number, license.id, license.is_taken, license.user);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Licenses" => List<License>;

        /// Gets one license: `GET /api/Licenses/{id}`. `Ok(None)` when the server answers `null`
        /// (or nothing) for the ID.
        ///
        /// An empty or blank ID is refused before any I/O; the ID is percent-encoded into the path.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// match client.licenses().get("license-id")? {
        ///     Some(license) => println!("expires {:?}", license.date_expired),
        ///     None => println!("no such license"),
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        get(id) GET "/api/Licenses/{id}" => Optional<License>;

        /// Grants a license to a user: `POST /api/Licenses/Grant`. See the [module docs](self).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::LicenseOperation;
        /// client.licenses().grant(&LicenseOperation::new("license-id", "user-id"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        grant(; body: LicenseOperation) POST "/api/Licenses/Grant" => Empty;

        /// Releases a license from a user (the license goes back to the pool):
        /// `POST /api/Licenses/Release`. See the [module docs](self).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::LicenseOperation;
        /// client.licenses().release(&LicenseOperation::new("license-id", "user-id"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        release(; body: LicenseOperation) POST "/api/Licenses/Release" => Empty;

        /// Revokes a license from a user: `POST /api/Licenses/Revoke`.
        ///
        /// Deactivates the license on the user's computer; the user keeps it in their list of
        /// available licenses (unlike a release). This is the bare POST the docs define: for a
        /// user who takes licenses from the global pool automatically it answers 200 and the
        /// backup agent activates a license again (see the [module docs](self)).
        /// [`revoke_checked`](Self::revoke_checked) reads the user first and refuses such a
        /// user, or switches them to manual on request, and verifies the outcome.
        ///
        /// Empty or blank IDs are refused before any I/O ([`Error::InvalidInput`]). A 200 with an
        /// empty body is success; a 200 whose body carries a message is reported as [`Error::Api`]
        /// (see [the rules](crate#success-answers-that-carry-a-message)).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::LicenseOperation;
        /// client.licenses().revoke(&LicenseOperation::new("license-id", "user-id"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        revoke(; body: LicenseOperation) POST "/api/Licenses/Revoke" => Empty;
    }
}

impl Licenses<'_> {
    /// Lists licenses by availability: `GET /api/Licenses?isAvailable=true|false`
    /// (`true`: only the available ones).
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// let free = client.licenses().list_by_availability(true)?;
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn list_by_availability(&self, is_available: bool) -> Result<Vec<License>, Error> {
        let req = routes::list
            .request(self.client.format(), &[])?
            .with_query("isAvailable", if is_available { "true" } else { "false" });
        self.client.call(
            &req,
            <crate::route::List<License> as crate::route::Answer>::read,
        )
    }

    /// [`grant`](Self::grant) with the two IDs.
    pub fn grant_to_user(&self, license_id: &str, user_id: &str) -> Result<(), Error> {
        self.grant(&LicenseOperation::new(license_id, user_id))
    }

    /// [`release`](Self::release) with the two IDs.
    pub fn release_from_user(&self, license_id: &str, user_id: &str) -> Result<(), Error> {
        self.release(&LicenseOperation::new(license_id, user_id))
    }

    /// [`revoke`](Self::revoke) with the two IDs.
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// client.licenses().revoke_from_user("license-id", "user-id")?;
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn revoke_from_user(&self, license_id: &str, user_id: &str) -> Result<(), Error> {
        self.revoke(&LicenseOperation::new(license_id, user_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::client::Client;
    use crate::request::Method;
    use crate::route::{self, Route};

    fn offline() -> Client {
        // Port 9 on loopback: nothing listens, so any I/O would fail with a transport error.
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .token("t")
            .no_proxy()
            .build()
            .unwrap()
    }

    #[test]
    fn blank_ids_are_refused_before_io() {
        let client = offline();
        for (l, u, field) in [
            ("", "u", "LicenseID"),
            ("  \t", "u", "LicenseID"),
            ("l", "", "UserID"),
            ("l", "\n", "UserID"),
        ] {
            for result in [
                client.licenses().revoke_from_user(l, u),
                client.licenses().grant_to_user(l, u),
                client.licenses().release_from_user(l, u),
            ] {
                match result {
                    Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
                    other => panic!("{other:?}"),
                }
            }
        }
        let err = client.licenses().revoke_from_user("", "u").unwrap_err();
        assert_eq!(err.to_string(), "LicenseID must not be empty or blank");
        assert!(matches!(
            client.licenses().get(" "),
            Err(Error::InvalidInput { field: "id", .. })
        ));
        // Issue 9.8: an ID too long for a URL names the field instead of a failed URL build.
        for len in [2049, 70_000] {
            let err = client.licenses().get(&"a".repeat(len)).unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { field: "id", .. }),
                "{err:?}"
            );
            assert!(err.to_string().starts_with("id is too long"), "{err}");
        }
        assert!(
            routes::get
                .request(Format::Json, &[&"a".repeat(2048)])
                .is_ok()
        );
        let _: &[Route] = routes::ALL;
    }

    #[test]
    fn builds_every_endpoint_without_a_network() {
        let op = LicenseOperation::new("a", "b");
        for format in Format::ALL {
            for (ep, path) in [
                (routes::grant, "/api/Licenses/Grant"),
                (routes::release, "/api/Licenses/Release"),
                (routes::revoke, "/api/Licenses/Revoke"),
            ] {
                let req: crate::Request = route::build(&ep, format, &[], Some(&op)).unwrap();
                assert_eq!((req.method(), req.path()), (Method::Post, path));
                assert_eq!(req.body().unwrap(), op.to_body(format).unwrap().as_slice());
                assert!(!req.is_read_only());
            }
            let req = routes::get.request(format, &["a b/ü?"]).unwrap();
            assert_eq!(
                (req.method(), req.path()),
                (Method::Get, "/api/Licenses/a%20b%2F%C3%BC%3F")
            );
            assert_eq!(req.body(), None);
            assert_eq!(req.content_type(), None);
            assert_eq!(req.accept(), format.media_type());
            assert!(req.is_read_only());
        }
    }
}
