//! `/api/Monitoring`: the latest run of every backup and restore plan, for every user or for
//! one. See [`PlanRun`] for what the docs leave open.
//!
//! # Large answers
//!
//! The answer holds one record per plan per computer, about 700 bytes each in JSON and 950 in
//! XML. Records are decoded as the body is read, without a document tree: decoding 100,000
//! records peaks at about 1.3× the body in JSON and 0.9× in XML (`cargo bench --bench
//! decode_memory`). The client's default response cap (8 MiB) holds about 12,000 records in
//! JSON and 8,800 in XML; a larger answer fails with
//! [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge). Raise the cap for large
//! fleets:
//!
//! ```no_run
//! let client = mspbackups::Client::builder()
//!     .credentials("api-login", "api-password")
//!     .max_response_bytes(256 << 20)
//!     .build()?;
//! let runs = client.monitoring().list()?;
//! # Ok::<(), mspbackups::Error>(())
//! ```

use crate::models::PlanRun;
use crate::route::routes;

routes! {
    /// Monitoring calls, from [`Client::monitoring`](crate::Client::monitoring).
    pub struct Monitoring, group "Monitoring", table routes {
        /// Every plan's latest run: `GET /api/Monitoring`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::PlanStatus;
        /// let failed = client.monitoring().list()?
        ///     .into_iter()
        ///     .filter(|run| run.status == PlanStatus::Error)
        ///     .count();
        /// println!("{failed} plans failed");
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Monitoring" => List<PlanRun>;

        /// One user's plans: `GET /api/Monitoring/{userId}`.
        for_user(user_id) GET "/api/Monitoring/{userId}" => List<PlanRun>;
    }
}
