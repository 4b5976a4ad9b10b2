//! `/api/Packages`: storage limits. List, get, a user's packages, create, update, delete.
//!
//! # One route shape, two documented calls
//!
//! The docs document `GET /api/Packages/{id}` (one package) and `GET /api/Packages/{userID}` (a
//! user's packages) on the **same** route template: the server has one action for both and
//! cannot tell a package ID from a user ID by shape. [`get`](Packages::get) sends a package ID
//! and reads one package; [`for_user`](Packages::for_user) sends a user ID and reads a list.
//! Which answer a given ID gets is the server's business; both methods accept **either shape**:
//! `get` reads one `PackagesModels`, `null`, or a list (the docs' sample for the single get is an
//! array) whose first item it returns; `for_user` reads a list.

use crate::models::{NewPackage, Package};
use crate::route::routes;

routes! {
    /// Package (storage limit) calls, from [`Client::packages`](crate::Client::packages).
    pub struct Packages, group "Packages", table routes {
        /// Lists every package: `GET /api/Packages`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for p in client.packages().list()? {
        ///     println!("{} {} {} GB", p.id, p.name, p.storage_limit);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Packages" => List<Package>;

        /// Gets one package: `GET /api/Packages/{id}`. `Ok(None)` for `null` or an empty list;
        /// a list answer gives its first package (see the [module docs](self)).
        get(id: i64) GET "/api/Packages/{id}" => OneOrFirst<Package>;

        /// A user's packages: `GET /api/Packages/{userID}` (the same route shape as
        /// [`get`](Self::get); see the [module docs](self)).
        for_user(user_id) GET "/api/Packages/{userID}" => List<Package>;

        /// Creates a package: `POST /api/Packages`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::NewPackage;
        /// client.packages().create(&NewPackage::new("30 GB", 30.into(), 40.into()))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewPackage) POST "/api/Packages" => Empty;

        /// Updates a package: `PUT /api/Packages` with the whole [`Package`].
        update(; body: Package) PUT "/api/Packages" => Empty;

        /// Deletes a package: `DELETE /api/Packages/{id}`.
        delete(id: i64) DELETE "/api/Packages/{id}" => Empty;
    }
}
