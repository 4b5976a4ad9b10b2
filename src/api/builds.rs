//! `/api/Builds`: agent builds. The download links, a request for custom builds, and the
//! latest version of each edition.

use crate::models::{Build, BuildRequest, EditionVersion};
use crate::route::routes;

routes! {
    /// Build calls, from [`Client::builds`](crate::Client::builds).
    pub struct Builds, group "Builds", table routes {
        /// The builds available to users, with their download links: `GET /api/Builds`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// for b in client.builds().list()? {
        ///     println!("{:?} {:?} {:?}", b.build_type, b.version, b.download_link);
        /// }
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        list() GET "/api/Builds" => List<Build>;

        /// Requests custom builds: `POST /api/Builds/RequestCustomBuilds`.
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::{BuildEdition, BuildRequest, BuildType};
        /// let req = BuildRequest::new(vec![BuildEdition::Windows, BuildEdition::MacOS], BuildType::Custom);
        /// client.builds().request_custom(&req)?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        request_custom(; body: BuildRequest) POST "/api/Builds/RequestCustomBuilds" => Empty;

        /// The latest version of each edition: `GET /api/Builds/AvailableVersions`.
        available_versions() GET "/api/Builds/AvailableVersions" => List<EditionVersion>;
    }
}
