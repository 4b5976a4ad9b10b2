//! `/api/Companies`: list, get, create, update and delete companies.
//!
//! What the docs leave open: the answer of create and update is an `IHttpActionResult` whose
//! body isn't documented. [`create`](Companies::create) returns `Some(id)` if the server answers
//! an ID string, `None` for an empty answer, and [`Error::Api`](crate::Error::Api) for a 200 whose
//! body is a message; [`update`](Companies::update) treats a 200 with a message as an error too.
//! `DELETE /api/Companies/{id}` is listed on the help site's index with no page of its own.

use crate::models::{Company, NewCompany};
use crate::route::routes;

routes! {
    /// Company calls, from [`Client::companies`](crate::Client::companies).
    pub struct Companies, group "Companies", table routes {
        /// Lists every company: `GET /api/Companies`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for c in client.companies().list()? {
        ///     println!("{} {} limit {}", c.id, c.name, c.storage_limit);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Companies" => List<Company>;

        /// Gets one company by its GUID: `GET /api/Companies/{id}`; `Ok(None)` for `null`.
        get(id) GET "/api/Companies/{id}" => Optional<Company>;

        /// Creates a company: `POST /api/Companies`. Returns the new company's ID when the server
        /// answers one (the docs don't say it does).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::NewCompany;
        /// client.companies().create(&NewCompany::new("Acme", -1))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewCompany) POST "/api/Companies" => OptionalId;

        /// Updates a company: `PUT /api/Companies` with the whole [`Company`], `Id` included.
        update(; body: Company) PUT "/api/Companies" => Empty;

        /// Deletes a company: `DELETE /api/Companies/{id}`.
        delete(id) DELETE "/api/Companies/{id}" => Empty;
    }
}
