//! `/api/Administrators`: list, get, create, update and delete administrators.
//!
//! Passwords ([`NewAdministrator::initial_password`], [`AdministratorUpdate::password`]) are
//! secrets: redacted in `Debug`, in what inspectors and `Display` show, and in errors.
//!
//! What the docs leave open: the update body's DataContract is not named (the docs' XML sample
//! is a copy of the create body), so [`update`](Administrators::update) always sends JSON, which
//! the server reads whatever the client's format. The single get's printed example is a
//! one-element list: [`get`](Administrators::get) reads one administrator, `null`, or a list.

use crate::models::{Administrator, AdministratorUpdate, NewAdministrator};
use crate::route::routes;

routes! {
    /// Administrator calls, from [`Client::administrators`](crate::Client::administrators).
    pub struct Administrators, group "Administrators", table routes {
        /// Lists every administrator: `GET /api/Administrators`.
        list() GET "/api/Administrators" => List<Administrator>;

        /// Gets one administrator: `GET /api/Administrators/{id}`; a list answer gives its first
        /// item, `null` or an empty list `None`.
        get(id) GET "/api/Administrators/{id}" => OneOrFirst<Administrator>;

        /// Creates an administrator: `POST /api/Administrators`; returns the new ID. A 200 whose
        /// body is a message is [`Error::Api`](crate::Error::Api).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::{NewAdministrator, PermissionMode, Permissions};
        /// let admin = NewAdministrator::new("ops@example.com", "initial-pw", Permissions::all(PermissionMode::None));
        /// let id = client.administrators().create(&admin)?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewAdministrator) POST "/api/Administrators" => MessageOrId;

        /// Updates an administrator: `PUT /api/Administrators`, always in JSON (see the
        /// [module docs](self)).
        update(; body: AdministratorUpdate) PUT "/api/Administrators" => Empty, json_only;

        /// Deletes an administrator: `DELETE /api/Administrators/{id}`.
        delete(id) DELETE "/api/Administrators/{id}" => Empty;
    }
}
