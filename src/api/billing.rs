//! `/api/Billing`: the month's billing report, filtered or not, and one user's details.
//!
//! The filtered report and the details are **PUTs that only read**: the SDK treats them like
//! GETs and retries them after a failure that may have reached the server. Money amounts are
//! lossless [`Decimal`](crate::models::Decimal)s.

use crate::models::{BillingDetails, BillingDetailsFilter, BillingFilter, BillingReport};
use crate::route::routes;

routes! {
    /// Billing calls, from [`Client::billing`](crate::Client::billing).
    pub struct Billing, group "Billing", table routes {
        /// The current month's report: `GET /api/Billing`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// let report = client.billing().get()?;
        /// for row in report.statistic_billing.unwrap_or_default() {
        ///     println!("{:?}: {}", row.email, row.total_cost);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        get() GET "/api/Billing" => One<BillingReport>;

        /// The report for a company and/or a month: `PUT /api/Billing` (reads only, so it
        /// may be retried).
        filter(; body: BillingFilter) PUT "/api/Billing" => One<BillingReport>, read_only;

        /// One user's backup and restore volumes: `PUT /api/Billing/Details` (reads only, so
        /// it may be retried).
        details(; body: BillingDetailsFilter) PUT "/api/Billing/Details" => One<BillingDetails>, read_only;
    }
}
