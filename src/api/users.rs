//! `/api/Users`: list, get, create, update, authenticate and delete users, and a user's computers.
//!
//! # What the live server does that the docs don't say
//!
//! - `GET /api/Users/{id}` for an unknown ID answers 200 with `null`: [`get`](Users::get)
//!   returns `Ok(None)`.
//! - `POST /api/Users` answers the new user's ID as a string, or a **200** whose string is an
//!   error text such as `Email already exist`: [`create`](Users::create) returns the ID, or
//!   [`Error::Api`](crate::Error::Api) with that text as its message. A string that is a GUID, or
//!   holds no whitespace, is taken as the ID.
//! - `DELETE /api/Users/{id}` has been seen to answer **500 although the user was deleted**.
//!   [`delete`](Users::delete) reports the 500 as [`Error::Api`](crate::Error::Api) (status 500,
//!   the server's message): the SDK can't tell that case from a real failure. Check with
//!   [`get`](Users::get) (which then answers `None`) before retrying; a retry of the DELETE would
//!   then fail on a user that no longer exists. Deletes are not retried automatically.
//! - A wrong **API** password at login has been answered 403 by the live server, while the 2018
//!   docs show 400 `invalid_grant`; both are [`Error::Authentication`](crate::Error::Authentication).
//!
//! Passwords in [`NewUser`], [`UserUpdate`] and [`UserAuthData`] are secrets: redacted in
//! `Debug`, in what inspectors and `Display` show of the request, and in errors.

use crate::models::{NewUser, User, UserAuthData, UserComputer, UserUpdate};
use crate::route::routes;

routes! {
    /// User calls, from [`Client::users`](crate::Client::users).
    pub struct Users, group "Users", table routes {
        /// Lists every user: `GET /api/Users`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for user in client.users().list()? {
        ///     println!("{} {} {:?}", user.id, user.email, user.license_managment_mode);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Users" => List<User>;

        /// Gets one user: `GET /api/Users/{id}`; `Ok(None)` when the server answers `null` (an
        /// unknown ID).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// if let Some(user) = client.users().get("user-id")? {
        ///     println!("{} uses {} KB", user.email, user.space_used);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        get(id) GET "/api/Users/{id}" => Optional<User>;

        /// Creates a user: `POST /api/Users`; returns the new user's ID. A 200 whose body is a
        /// message (`Email already exist`) is [`Error::Api`](crate::Error::Api).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::NewUser;
        /// let id = client.users().create(&NewUser::new("jane@example.com", "a-long-password"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewUser) POST "/api/Users" => MessageOrId;

        /// Updates a user: `PUT /api/Users`. See [`UserUpdate`] for what the docs leave open.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::UserUpdate;
        /// let user = client.users().get("user-id")?.expect("exists");
        /// let mut update = UserUpdate::from_user(&user);
        /// update.enabled = false;
        /// client.users().update(&update)?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        update(; body: UserUpdate) PUT "/api/Users" => Empty;

        /// Looks a user up by their login and password: `PUT /api/Users/Authenticate` (no token
        /// is issued). `Ok(None)` when the server answers `null`. Only reads, so it may be
        /// retried.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::UserAuthData;
        /// let user = client.users().authenticate(&UserAuthData::new("jane@example.com", "pw"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        authenticate(; body: UserAuthData) PUT "/api/Users/Authenticate" => Optional<User>, read_only;

        /// Deletes a user but keeps their backup data in storage: `DELETE /api/Users/{id}/Account`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// client.users().delete_account("user-id")?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        delete_account(id) DELETE "/api/Users/{id}/Account" => Empty;

        /// Deletes a user and their backup data (purged within about 24 hours):
        /// `DELETE /api/Users/{id}`. See the [module docs](self) for the 500 the live server has
        /// answered after deleting.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// client.users().delete("user-id")?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        delete(id) DELETE "/api/Users/{id}" => Empty;

        /// Lists a user's computers with the destination each backs up to:
        /// `GET /api/Users/{userId}/Computers`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for c in client.users().computers("user-id")? {
        ///     println!("{} -> {}", c.computer_name, c.destination_id);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        computers(user_id) GET "/api/Users/{userId}/Computers" => List<UserComputer>;

        /// Deletes the backup data of some of a user's computers (the user stays):
        /// `DELETE /api/Users/{userId}/Computers` with the computers as the body.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::UserComputer;
        /// let gone = [UserComputer::new("destination-id", "old-laptop")];
        /// client.users().delete_computers("user-id", &gone)?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        delete_computers(user_id; body: [UserComputer]) DELETE "/api/Users/{userId}/Computers" => Empty;
    }
}
