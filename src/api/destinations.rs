//! `/api/Destinations`: backup destinations assigned to users. The destinations available,
//! a user's destinations (by login), assign, change and remove.
//!
//! - [`for_user`](Destinations::for_user) takes the user's **login** (e-mail), not the ID;
//!   it is percent-encoded into the path.
//! - [`update`](Destinations::update) is sent as JSON: the docs name no model for it.
//! - [`delete`](Destinations::delete) sends the user's ID in the query string
//!   (`?userId=`), as the API wants it.

use crate::models::{Destination, NewUserDestination, UserDestination, UserDestinationUpdate};
use crate::route::routes;

routes! {
    /// Destination calls, from [`Client::destinations`](crate::Client::destinations).
    pub struct Destinations, group "Destinations", table routes {
        /// Lists the destinations available for assignment: `GET /api/Destinations`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for d in client.destinations().list()? {
        ///     println!("{:?} in {:?}", d.destination, d.account_display_name);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Destinations" => List<Destination>;

        /// A user's destinations, by the user's login: `GET /api/Destinations/{userEmail}`.
        for_user(user_email) GET "/api/Destinations/{userEmail}" => List<UserDestination>;

        /// Assigns a destination to a user: `POST /api/Destinations`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::NewUserDestination;
        /// let d = NewUserDestination::new("user-id", "account-id", "bucket", 27755);
        /// client.destinations().create(&d)?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewUserDestination) POST "/api/Destinations" => Empty;

        /// Changes a user's destination (bucket, package or both): `PUT /api/Destinations`
        /// (JSON; see the [module docs](self)).
        update(; body: UserDestinationUpdate) PUT "/api/Destinations" => Empty, json_only;

        /// Removes destination `id` from user `user_id`:
        /// `DELETE /api/Destinations/{id}?userId={userId}`.
        delete(id, user_id) DELETE "/api/Destinations/{id}?userId={userId}" => Empty;
    }
}
