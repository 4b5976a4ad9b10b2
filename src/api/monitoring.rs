//! `/api/Monitoring`: the latest run of every backup and restore plan, for every user or for
//! one. Answers can be large; they are decoded as they stream (see
//! [`PlanRun`](crate::models::PlanRun) for what the docs leave open).

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
