//! `/api/Computers` (documented as **JSON only**): page through computers, get one, authorize
//! one for a user or a company.
//!
//! With [`Format::Xml`](crate::Format::Xml) these routes still send and read JSON, as the docs
//! say they speak nothing else. A 200 answer whose envelope reports a failure (`StatusCode`
//! outside 200–299, a non-zero `ResultCode` or `ErrorCode`) is [`Error::Api`]
//! with the code in [`ApiError::result_code`](crate::ApiError::result_code).

use crate::error::Error;
use crate::models::{AuthorizationResult, Computer, ComputerAuthorization, ComputersPage};
use crate::route::routes;

routes! {
    /// Computer calls, from [`Client::computers`](crate::Client::computers).
    pub struct Computers, group "Computers", table routes {
        /// One page of computers: `GET /api/Computers/{offset}/{count}` (`offset` computers
        /// skipped, at most `count` returned). See [`iter`](Self::iter) to go through them all.
        page(offset: u32, count: u32) GET "/api/Computers/{offset}/{count}" => Checked<ComputersPage>, json_only;

        /// One computer by its HID: `GET /api/Computers/{hid}`; `Ok(None)` for `null`.
        get(hid) GET "/api/Computers/{hid}" => Optional<Computer>, json_only;

        /// Authorizes an online computer: `POST /api/Computers/{hid}/authorization` for a user,
        /// or for a new user in a company (at least one ID; checked before any I/O).
        ///
        /// ```no_run
        /// # let client = mspbackups::Client::with_token("token")?;
        /// use mspbackups::models::ComputerAuthorization;
        /// client.computers().authorize("computer-hid", &ComputerAuthorization::for_user("user-id"))?;
        /// # Ok::<(), mspbackups::Error>(())
        /// ```
        authorize(hid; body: ComputerAuthorization) POST "/api/Computers/{hid}/authorization" => Checked<AuthorizationResult>, json_only;
    }
}

impl<'c> Computers<'c> {
    /// Every computer, page by page (`page_size` per request, at least 1): an iterator that asks
    /// for the next page when it needs it and stops at the total the server gives (`Count`), at
    /// an empty page, when the offset would pass `u32::MAX`, or after the first error (which it
    /// yields).
    ///
    /// ```no_run
    /// # let client = mspbackups::Client::with_token("token")?;
    /// for computer in client.computers().iter(100) {
    ///     let computer = computer?;
    ///     println!("{} {:?}", computer.hid, computer.computer_name);
    /// }
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn iter(&self, page_size: u32) -> ComputerPages<'c> {
        ComputerPages {
            computers: *self,
            page_size: page_size.max(1),
            offset: 0,
            total: None,
            buffer: Vec::new().into_iter(),
            done: false,
        }
    }
}

/// The iterator of [`Computers::iter`].
#[derive(Debug)]
pub struct ComputerPages<'c> {
    computers: Computers<'c>,
    page_size: u32,
    offset: u32,
    total: Option<i64>,
    buffer: std::vec::IntoIter<Computer>,
    done: bool,
}

impl Iterator for ComputerPages<'_> {
    type Item = Result<Computer, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(c) = self.buffer.next() {
                return Some(Ok(c));
            }
            if self.done || self.total.is_some_and(|t| i64::from(self.offset) >= t) {
                return None;
            }
            match self.computers.page(self.offset, self.page_size) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(page) => {
                    self.total = Some(page.count);
                    let items = page.computers.unwrap_or_default();
                    if items.is_empty() {
                        self.done = true;
                        return None;
                    }
                    let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
                    match self.offset.checked_add(n) {
                        Some(next) => self.offset = next,
                        // No offset the route can take is left: this page is the last.
                        None => self.done = true,
                    }
                    self.buffer = items.into_iter();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Client, Format};

    #[test]
    fn paging_stops_when_no_offset_is_left() {
        // A server that claims more computers than a u32 offset can reach: the iterator stops
        // after the page that ends at u32::MAX instead of asking for it again forever.
        let mut server = mockito::Server::new();
        let start = u32::MAX - 1;
        let page = server
            .mock("GET", format!("/api/Computers/{start}/10").as_str())
            .with_status(200)
            .with_header("content-type", "application/json; charset=utf-8")
            .with_body(format!(
                r#"{{"Count":{},"Message":"Success","StatusCode":200,"Computers":[{{"ComputerHID":"a"}},{{"ComputerHID":"b"}}]}}"#,
                i64::MAX
            ))
            .expect(1)
            .create();
        let client = Client::builder()
            .base_url(server.url())
            .token("t")
            .format(Format::Xml)
            .no_proxy()
            .build()
            .unwrap();
        let mut pages = client.computers().iter(10);
        pages.offset = start;
        let hids: Vec<String> = pages.map(|c| c.unwrap().hid).collect();
        assert_eq!(hids, ["a", "b"]);
        page.assert();
    }
}
