//! `/api/Accounts`: storage accounts and their destinations (buckets). List, get, create,
//! update; add, remove, edit and create a bucket.
//!
//! # What the docs leave open
//!
//! - **Update** (`PUT /api/Accounts`) takes the create body plus `AccountID`; the docs name
//!   no model and show no XML, so it is sent as JSON.
//! - **AddDestination** takes `DestinationOfAccountCreate` (the 2018 docs' XML showed
//!   `DestinationOfAccount`); newer servers answer the created [`AccountDestination`], older
//!   ones nothing: the method returns `Ok(None)` for an empty answer.
//! - **EditDestination** is known only from the vendor's PowerShell module (JSON), and
//!   **CreateDestination** is documented for JSON only: both are sent as JSON.
//! - Storage credentials in [`NewAccount`] are [`Secret`](crate::Secret)s, redacted in every
//!   `Debug`, inspector, dump and error.

use crate::models::{
    Account, AccountDestination, AccountUpdate, NewAccount, NewAccountDestination, NewBucket,
};
use crate::route::routes;

routes! {
    /// Storage account calls, from [`Client::accounts`](crate::Client::accounts).
    pub struct Accounts, group "Accounts", table routes {
        /// Lists the storage accounts: `GET /api/Accounts`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for account in client.accounts().list()? {
        ///     println!("{} {:?}", account.account_id, account.display_name);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Accounts" => List<Account>;

        /// Gets one storage account: `GET /api/Accounts/{id}`. `Ok(None)` for `null` or an
        /// empty list; a list answer (the docs' printed example is one) gives its first item.
        get(id) GET "/api/Accounts/{id}" => OneOrFirst<Account>;

        /// Adds a storage account: `POST /api/Accounts`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::{AccountSettings, AccountType, AmazonS3Settings, NewAccount};
        /// let mut settings = AccountSettings::new();
        /// settings.amazon_s3 = Some(AmazonS3Settings::new("AKIA…", "secret key"));
        /// client.accounts().create(&NewAccount::new("Backups", AccountType::AmazonS3, settings))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        create(; body: NewAccount) POST "/api/Accounts" => Empty;

        /// Edits a storage account: `PUT /api/Accounts` (JSON; see the [module docs](self)).
        update(; body: AccountUpdate) PUT "/api/Accounts" => Empty, json_only;

        /// Attaches an existing bucket to an account: `POST /api/Accounts/AddDestination`.
        /// Returns the created destination when the server answers it (newer servers).
        add_destination(; body: NewAccountDestination) POST "/api/Accounts/AddDestination" => Optional<AccountDestination>;

        /// Detaches a bucket from an account: `PUT /api/Accounts/RemoveDestination`. Unassign
        /// it from every user first.
        remove_destination(; body: AccountDestination) PUT "/api/Accounts/RemoveDestination" => Empty;

        /// Edits a bucket of an account (`DestinationID` required):
        /// `PUT /api/Accounts/EditDestination` (JSON; known from the vendor's PowerShell
        /// module only).
        edit_destination(; body: AccountDestination) PUT "/api/Accounts/EditDestination" => Empty, json_only;

        /// Creates a new bucket in an account: `POST /api/Accounts/CreateDestination` (JSON
        /// only, as documented). Returns the created destination.
        create_destination(; body: NewBucket) POST "/api/Accounts/CreateDestination" => One<AccountDestination>, json_only;
    }
}
