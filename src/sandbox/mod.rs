//! An embedded, stateful MBS emulator (feature `sandbox`): run the SDK, or your own integration
//! code, against something that behaves like `api.mspbackups.com` without an account, a network
//! or real licenses.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use mspbackups::Format;
//! use mspbackups::sandbox::Sandbox;
//!
//! let sandbox = Sandbox::start()?;                 // 127.0.0.1, a free port; stops when dropped
//! let client = sandbox.client(Format::Xml)?;       // logs in with the sandbox's API credentials
//! let free = client.licenses().list_by_availability(true)?;
//! let alice = &sandbox.users()[0];
//! client.licenses().grant_to_user(&free[0].id, &alice.id)?;
//! assert!(sandbox.diagnostics().is_empty(), "nothing was dropped or refused");
//! # Ok(()) }
//! ```
//!
//! # What it emulates
//!
//! Every route of the crate's route tables ([`route::all`](crate::route::all)), which cover
//! every route the API documents: the router matches the method and path against them and runs
//! one handler per route, so a route added to a table is routed (answering 501 until the
//! sandbox emulates it; today every one is emulated). With real state:
//!
//! - `POST /api/Provider/Login` (JSON, XML or form body; OAuth JSON answer; wrong credentials
//!   answer 403 or, as an option, 400, see below);
//! - Licenses: `GET /api/Licenses[?isAvailable=]`, `GET /api/Licenses/{id}`,
//!   `POST /api/Licenses/Grant|Release|Revoke`;
//! - Users: `GET /api/Users`, `GET /api/Users/{id}`, `POST /api/Users`, `PUT /api/Users`,
//!   `PUT /api/Users/Authenticate`, `DELETE /api/Users/{id}/Account`, `DELETE /api/Users/{id}`,
//!   `GET /api/Users/{userId}/Computers` and `DELETE /api/Users/{userId}/Computers`. Users have
//!   everything `UsersModels` shows (ID, Email, names, NotificationEmails, Company, Enabled,
//!   LicenseManagmentMode, DestinationList, SpaceUsed), a password and computers
//!   (`UserComputerData`); answers are written by the SDK's own models
//!   ([`User`](crate::models::User), [`UserComputer`](crate::models::UserComputer)), so they
//!   have the docs' shapes. Deleting a user (either route) frees their licenses: granted and
//!   active ones go back to the pool.
//!
//! - Companies: `GET /api/Companies`, `GET /api/Companies/{id}`, `POST /api/Companies`,
//!   `PUT /api/Companies`, `DELETE /api/Companies/{id}` (seeded: `Acme Corp` with alice and bob,
//!   `Globex` with carol). A user is in a company by its name (`Company` in `UsersModels` is
//!   the company's **name**).
//! - Administrators: `GET /api/Administrators`, `GET /api/Administrators/{id}`,
//!   `POST /api/Administrators`, `PUT /api/Administrators` (JSON), `DELETE
//!   /api/Administrators/{id}` (seeded: `admin@sandbox.example`, password
//!   [`DEFAULT_ADMINISTRATOR_PASSWORD`]). Passwords are kept as [`Secret`]s and never written
//!   into a diagnostic.
//! - Packages: `GET /api/Packages`, `GET /api/Packages/{id}` and `GET /api/Packages/{userID}`
//!   (one route shape, see below), `POST /api/Packages`, `PUT /api/Packages`,
//!   `DELETE /api/Packages/{id}` (seeded: 1 `Basic 100 GB` used by alice's and carol's
//!   destinations, 2 `Business 1 TB` used by bob's, 3 `Archive 5 TB` used by nobody).
//! - Computers (JSON whatever the `Accept`, as documented): `GET /api/Computers/{offset}/{count}`
//!   (`{Count, Message, StatusCode, Computers}`), `GET /api/Computers/{hid}`,
//!   `POST /api/Computers/{hid}/authorization` (`{ResultCode, ErrorMessage}`, or the docs'
//!   failure `{ErrorCode: -6, Message: "Object \"…\" not found"}` with status 200). Seeded: 25
//!   computers with HIDs `c0de0a7e-5c1b-4d6e-9b8a-0000000000NN` (NN = 01 … 25): first the seeded
//!   users' computers (`ALICE-PC`, `ALICE-LAPTOP`, `BOB-LAPTOP`, `CAROL-SRV`, `CAROL-NAS`),
//!   authorized for them, then unauthorized workstations `WS-06` … `WS-25`.
//! - Accounts: `GET /api/Accounts`, `GET /api/Accounts/{id}`, `POST /api/Accounts`,
//!   `PUT /api/Accounts` (JSON), `POST /api/Accounts/AddDestination`,
//!   `PUT /api/Accounts/RemoveDestination`, `PUT /api/Accounts/EditDestination` (JSON),
//!   `POST /api/Accounts/CreateDestination` (JSON). Seeded: `Sandbox S3`
//!   (`acc0a7d1-5c1b-4d6e-9b8a-0000000000a1`, buckets `alice-backups`, `bob-backups`,
//!   `carol-backups`, the seeded users' destinations, and `spare-bucket`) and `Sandbox Azure`
//!   (`…0000000000a2`, bucket `main`); see [`SandboxBuilder::accounts`].
//! - Destinations: `GET /api/Destinations` (every bucket of every account),
//!   `GET /api/Destinations/{userEmail}`, `POST /api/Destinations`, `PUT /api/Destinations`
//!   (JSON), `DELETE /api/Destinations/{id}?userId={userId}`. A user's destinations are the
//!   `DestinationList` of `GET /api/Users/{id}`.
//! - Monitoring: `GET /api/Monitoring`, `GET /api/Monitoring/{userId}`: generated from the
//!   users' computers, in the volume [`SandboxBuilder::monitoring_records`] sets (see
//!   [`Sandbox::monitoring`]).
//! - Billing: `GET /api/Billing`, `PUT /api/Billing`, `PUT /api/Billing/Details`: computed
//!   from the users' destinations, packages and licenses (see below).
//! - Builds: `GET /api/Builds`, `POST /api/Builds/RequestCustomBuilds` (recorded, see
//!   [`Sandbox::build_requests`]), `GET /api/Builds/AvailableVersions`. Seeded with the docs'
//!   printed builds and versions.
//!
//! Request bodies are read with the models' own contracts (`NewUser::CONTRACT`, …; see
//! [`dcs`]), so the sandbox reads exactly what the SDK declares.
//!
//! Server rules, from ASP.NET Web API 2's sources (summarised with links in the repository's
//! `docs/wire-rules.md`):
//!
//! - routing first (404 with Web API's message; 405 with `Allow`, the methods of every route on
//!   that path; IIS's HTML 404 outside `/api/`; 501 for paths under the real API's controllers
//!   that no route of the tables matches; 404 when a required query parameter is missing, see
//!   below), then the bearer token (401
//!   `Authorization has been denied for this request.`, expired tokens too), then the body;
//! - the answer's format, errors included: `Accept` (highest q; ties go to JSON), else the
//!   request's `Content-Type`, else JSON;
//! - bodies: 415 for a body without `Content-Type` or with one no formatter reads; JSON names
//!   matched case-insensitively, unknown names ignored; XML read by DataContractSerializer's rules
//!   (see [`dcs`]): wrong root name or namespace, a bad declaration or encoding, a nil or empty
//!   value type make the model null; out-of-order, duplicate, unknown and wrong-namespace members
//!   are skipped;
//! - validation: `[Required]` on the members the docs mark required (from the contracts, into
//!   nested models and list items) and the password's length (login 3–100, new user 6–100),
//!   answered 400 `The request is invalid.` with `ModelState`.
//!
//! # Diagnostics
//!
//! Where the real server would stay silent (a dropped element) or be vague ("An error has
//! occurred."), the sandbox records a [`dcs::Diagnostic`] that says what happened
//! and what the real server would have done. Read them from [`Sandbox::diagnostics`], or from
//! the `X-Sandbox-Diagnostic` headers of the response (one per diagnostic).
//!
//! # As a standalone server, seeded from a file
//!
//! `mbs sandbox serve` (feature `cli`) runs it as a process until Ctrl-C, for code in any
//! language: it prints `export MBS_BASE_URL=… MBS_LOGIN=… MBS_PASSWORD=…` lines and seeded IDs,
//! and logs each request with its diagnostics. The builder options it uses are everyone's:
//! [`SandboxBuilder::port`], [`SandboxBuilder::latency`] (every answer held that long, to
//! simulate distance; [`SandboxBuilder::workers`] answer side by side),
//! [`SandboxBuilder::request_log`] (a callback per request, [`Served`]),
//! [`SandboxBuilder::granted_licenses`] (licenses granted and active, for bulk revokes) and
//! [`SandboxBuilder::seed_json`], which reads the starting state from a JSON file whose
//! sections (`Users`, `Licenses`, `Companies`, `Administrators`, `Packages`, `Computers`,
//! `Accounts`, `Builds`, `AvailableVersions`) are lists in the API's own JSON shapes (users
//! and administrators with a `Password`, users with their `Computers`).
//!
//! # What the live server has been seen to do, reproduced
//!
//! - Wrong API credentials at login answer **403** (seen by two independent clients written
//!   against the live server); the 2018 docs show **400** `invalid_grant`, available with
//!   [`SandboxBuilder::wrong_password_answer`]`(`[`LoginRefusal::InvalidGrant`]`)`. The SDK
//!   reads both as [`Error::Authentication`](crate::Error::Authentication).
//! - `GET /api/Users/{id}` and `GET /api/Licenses/{id}` for an unknown ID answer 200 `null`.
//! - `DELETE /api/Users/{id}` has answered **500** although the user was deleted: off by
//!   default, on with [`SandboxBuilder::delete_user_answers_500`].
//!
//! # Where the docs are silent, the sandbox chose
//!
//! - The 403 login answer's body is not published: the sandbox sends the OAuth-style
//!   `{"error":"invalid_grant","error_description":"The user name or password is incorrect."}`
//!   for both 403 and 400.
//! - The 500 of `DELETE /api/Users/{id}` (option) is Web API's production error,
//!   `{"Message":"An error has occurred."}`.
//! - Business errors answer **400** with a `Message`: `License {id} not found`,
//!   `User {id} not found`, `License {id} is granted to another user`,
//!   `License {id} is not granted to user {id}`, `Computer {name} with destination {id} not found
//!   for user {id}`, and `Email already exist` when an update gives a user another user's login.
//!   The real texts and statuses are not published. (Creating a user with a login that exists
//!   answers 200 with `Email already exist`, as the real service does.)
//! - Granting a license to the user who already holds it succeeds and changes nothing.
//! - Grant assigns the license without activating it; activation is the backup agent's job,
//!   simulated by [`Sandbox::activate`]. Revoke clears the computer and `IsTaken` and keeps the
//!   user; release clears everything. Revoking a license that isn't active succeeds.
//! - A user in **automatic** license mode (`LicenseManagmentMode` `Automatic`): right after the
//!   revoke of an active license, their backup agent takes a license again, as the docs' revoke
//!   warning says ("the user shouldn't be allowed to activate licenses from the global pool
//!   automatically; otherwise, license revocation will not work properly"). The sandbox's agent
//!   takes the pool's first free license (in the sandbox's order), grants it to the user and
//!   activates it on the same computer; when the pool is empty it activates the revoked license
//!   again. The revoked license stays granted to the user, inactive. A note says which license
//!   was taken.
//! - `isAvailable=true` lists licenses granted to nobody and active nowhere; `false` the rest.
//! - Users: logins are compared ignoring case (create's duplicate check, authenticate);
//!   passwords exactly. New IDs (users, destinations) are GUID text. A new user's destinations
//!   (`DestinationForNewUser`) get a new ID, `CurrentVolume` 0 and no display names.
//! - `PUT /api/Users` replaces every member it carries; a **null `Password` keeps the current
//!   password** and a null or blank `Email` the current login; other nulls (names, company,
//!   notification e-mails) clear the member. Destinations are not changed (the model has none).
//!   No password length is checked on update (the docs give none).
//! - `PUT /api/Users/Authenticate` answers the user whose login and password match (enabled or
//!   not), and 200 `null` otherwise.
//! - `DELETE /api/Users/{id}` and `/Account` free the user's licenses the same way (the sandbox
//!   keeps no backup data); an unknown ID is a business error (400).
//! - `DELETE /api/Users/{userId}/Computers` removes the listed computers (destination ID and
//!   name, compared ignoring case) all at once, or, when one of them is not the user's, none and
//!   answers 400; licenses active on those computers are left alone. Listing or deleting the
//!   computers of an unknown user is a business error (400).
//! - A null model (empty body, `i:nil` root) with no binding error answers 400
//!   `The request is invalid.` with `ModelState {"model": ["A non-empty request body is required."]}`.
//!   A form body for a list (`DELETE …/Computers`) binds null.
//! - `ModelState` keys use the parameter name `model`; errors carry Web API's production text
//!   ("An error has occurred.") and the sandbox's diagnostic carries the detail.
//! - Answers are written in the SDK's layout (indented), not the server's compact one; both are
//!   the same documents.
//!
//! Companies:
//!
//! - `POST /api/Companies` answers **200 with the new company's GUID as a string** (what
//!   [`Companies::create`](crate::api::companies::Companies::create) returns as `Some(id)`); the
//!   docs only say `IHttpActionResult`. A name already in use (compared ignoring case and
//!   surrounding spaces) is a business error (400 `Company {name} already exists`), on create
//!   and on update.
//! - `GET /api/Companies/{id}` of an unknown ID answers 200 `null`, like users and licenses.
//! - `PUT /api/Companies` replaces `Name`, `StorageLimit` and `LicenseSettings`; the members
//!   added later (`Destinations`, `DefaultLicense`, `AllowedLicenses`) keep their value when the
//!   body leaves them out or sends null (an older client doesn't know them). An unknown `Id` is
//!   a business error (400 `Company {id} not found`).
//! - Users stay linked to their company when it is **renamed**: the sandbox renames it in its
//!   users' `Company` (and in the administrators' `Companies`), since the API links them by
//!   name. A user created or updated with a company name that names no company keeps that name
//!   (the sandbox checks nothing).
//! - `DELETE /api/Companies/{id}` of a company that still has users is a business error (400
//!   `Company {name} has {n} user(s); delete them or move them to another company first`); the
//!   docs don't say whether the real service refuses, moves or deletes them. Administrators
//!   stop managing a deleted company. An unknown ID is a business error (400).
//!
//! Administrators:
//!
//! - `POST /api/Administrators` answers 200 with the new ID (GUID text); a login already in use
//!   (ignoring case) answers **200 `Email already exist`**, as `POST /api/Users` does (the SDK
//!   reads it as an API error). No password rule is checked (the docs give none). The new
//!   administrator has `DateCreated` now and no `LastLogin`; a body without
//!   `PermissionsModels` gives every permission `None`.
//! - `GET /api/Administrators/{id}` answers **one object** (the docs' printed example is a
//!   one-element list), and 200 `null` for an unknown ID.
//! - `PUT /api/Administrators`: every member that is absent or null **keeps its value**
//!   (`Enabled` too when absent); a `Password` replaces the password (a blank one keeps it); a
//!   blank `Email` keeps the login. An unknown `AdminID` is a business error (400
//!   `Administrator {id} not found`), another administrator's login 400 `Email already exist`.
//!   The body's XML contract is undocumented: the SDK sends JSON; an XML body is read as
//!   `AdministratorsEditModels` (a guess, with a note).
//! - `DELETE /api/Administrators/{id}` of an unknown ID is a business error (400).
//!
//! Packages:
//!
//! - `GET /api/Packages/{x}` (the route of both [`Packages::get`](crate::api::packages::Packages::get)
//!   and [`Packages::for_user`](crate::api::packages::Packages::for_user)) **decides by the
//!   value**: an integer that is a package's ID answers that package (one object); else a user's
//!   ID answers that user's packages (a list: the packages their destinations' `PackageID`s
//!   name, in the packages' order, unknown IDs left out); else 200 `null` (with a note). A
//!   package ID wins over a user ID that looks the same.
//! - `POST /api/Packages` assigns the next ID (one above any ID given before, deleted packages included, like a database identity column) and answers an empty 200;
//!   the new package is `Enabled` (the body has no such member), and its `RestoreLimit` is 0
//!   when the body leaves it out.
//! - `PUT /api/Packages` replaces the whole package; an unknown `ID` is a business error (400
//!   `Package {id} not found`).
//! - `DELETE /api/Packages/{id}` of a package that a user's destination uses is a business error
//!   (400 `Package {id} is in use by user {login} and cannot be deleted`); an unknown ID too
//!   (400 `Package {id} not found`). A non-numeric `{id}` answers 400 `The request is invalid.`
//!   with a `ModelState` entry. Users' destinations may name packages that don't exist (the
//!   sandbox checks nothing on user create; `POST /api/Destinations` does check, see below).
//!   The rule is one for every destination, however it came: one that came with
//!   `POST /api/Users` or from `POST /api/Destinations` keeps its package alike.
//! - Decimals (`Cost`, `StorageLimit`, `RestoreLimit`) keep their text (`59.90`), in JSON and
//!   XML, as .NET's `decimal` keeps its scale.
//!
//! Computers:
//!
//! - The Computers routes answer JSON whatever the `Accept` (a note says so when XML was
//!   asked for); an XML request body is read with the SDK's placeholder contract (a note).
//! - `GET /api/Computers/{offset}/{count}`: `Count` is the number of computers, `Message`
//!   `Success`, `StatusCode` 200; an offset past the end gives an empty `Computers`. A
//!   **negative offset or a count below 1** answers status 200 with the envelope's
//!   `StatusCode` **400**, a `Message` that says why and no computers (the SDK reads it as an API
//!   error with result code 400). An `{offset}` or `{count}` that is not an `Int32` answers 400
//!   `The request is invalid.` with a `ModelState` entry.
//! - Computers in a page leave out (as null) what only the single get shows (`InstanceType`,
//!   `HasBackupApp`, `LostAuth`, `LostAuthChangeDate`, `Apps`). `UserEmail` and `CompanyName`
//!   come from the computer's user now (a deleted user leaves the computer unauthorized);
//!   `License` says whether a license is active on a computer of that name for that user.
//!   `ProfileName` is null.
//! - `GET /api/Computers/{hid}` of an unknown HID answers 200 `null` (HIDs compared ignoring
//!   case).
//! - `POST /api/Computers/{hid}/authorization` checks the computer, then `UserId`, then
//!   `CompanyId`; the first that doesn't exist answers 200
//!   `{"ErrorCode":-6,"Message":"Object \"{id}\" not found"}` (the docs' failure example).
//!   On success (`{"ResultCode":0,"ErrorMessage":""}`) the computer becomes the user's and is
//!   added to the user's computers (`GET /api/Users/{userId}/Computers`, on their first
//!   destination) if they have a destination. With `CompanyId` only, the "new user" the docs
//!   describe is a user in that company whose login is the computer's HID (the same user again
//!   on a second authorization); a note says so. With both, the user is authorized (the company
//!   is only checked). Every computer counts as online. A body with neither ID answers 400
//!   `UserId or CompanyId is required` (the SDK refuses it before sending). Deleting a user's
//!   computers (`DELETE /api/Users/{userId}/Computers`, backup data) leaves the Computers list
//!   alone.
//!
//! Routing with a query (`DELETE /api/Destinations/{id}?userId={userId}`):
//!
//! - The query parameter is required, and its name is matched ignoring case. Without it
//!   (`DELETE /api/Destinations/{id}`), Web API's action selector finds no action whose
//!   parameters are all present and answers **404** `No HTTP resource was found that matches
//!   the request URI '…'.` (with detail, `No action was found on the controller 'Destinations'
//!   that matches the request.`), before authorization, as filters run only for a selected
//!   action. The sandbox does the same (404, a diagnostic says why). An empty `?userId=` is
//!   present: the action runs, and no user has an empty ID (400).
//!
//! Accounts:
//!
//! - Accounts keep no credentials: a create or update is checked and its settings dropped
//!   (the API never shows them). The settings must carry the member of the account's `Type`
//!   (`AmazonS3` for AmazonS3 and AmazonS3China, `Azure`, `OpenStack`, `Oracle` for
//!   OracleCloud, `S3Compatible`, `Cloudian`, `GoogleCloudPlatform`, `Wasabi`, `Minio`, `FS`;
//!   any member for the other S3-compatible providers), else 400
//!   `AccountSettings.{member} is required for an account of type {Type}` (the docs only say to
//!   send the matching member; the SDK refuses such a body before sending).
//! - `POST /api/Accounts` answers an empty 200 (the docs: nothing): the new account (a new
//!   GUID, `DateCreated` now without an offset, `StorageType` the type's name such as
//!   `AmazonS3`, no bucket) is found by listing. Display names need not be unique.
//! - `GET /api/Accounts/{id}` answers one object, and 200 `null` for an unknown ID, like the
//!   other groups.
//! - `PUT /api/Accounts`: `DisplayName` and `StorageType` change, the buckets stay; the new name
//!   reaches the users' destinations of the account (`AccountDisplayName`). An unknown
//!   `AccountID` is a business error (400 `Account {id} not found`).
//! - `POST /api/Accounts/AddDestination` and `/CreateDestination` answer the new
//!   `DestinationOfAccount` with a new `DestinationID` (the newer servers' answer); a bucket name
//!   already in the account (ignoring case) is a business error (400 `Destination {name} already
//!   exists in account {id}`), and so is a file-share account (`StorageType` `FS`: 400
//!   `Account {id} is a file share: destinations cannot be added to it`; the docs say
//!   AddDestination is not valid for FileShare accounts). CreateDestination names the bucket
//!   after the first settings member set (GoogleCloudPlatform, AmazonS3, Wasabi, S3Compatible,
//!   Azure, B2: its `BucketName`; none: 400 `DestinationSettings has no bucket settings`), shows
//!   `DisplayName` as the bucket's display name, creates nothing anywhere, and answers JSON
//!   whatever the `Accept` (documented JSON only; a note when XML was asked for).
//! - `PUT /api/Accounts/RemoveDestination` finds the bucket by name (ignoring case). While any
//!   user has it as a destination it is a business error (400 `Destination {name} is assigned to
//!   user {login}; remove it from every user first`): the docs say to unassign it from all users
//!   first, and the sandbox refuses rather than unassigning. An unknown bucket is 400
//!   `Destination {name} not found in account {id}`.
//! - `PUT /api/Accounts/EditDestination` (known only from the vendor's PowerShell module) finds
//!   the bucket by `DestinationID` (or, without one, by name) and sets its name and display
//!   name; the users' destinations of that bucket follow.
//!
//! Destinations:
//!
//! - Users' destinations refer to a bucket by the account's ID and the bucket's name.
//! - `GET /api/Destinations/{userEmail}` finds the user by login ignoring case; an unknown
//!   login is a business error (400 `User {login} not found`), as listing an unknown user's
//!   computers is.
//! - `POST /api/Destinations` answers an empty 200. The user, the account, the bucket (in that
//!   account) and the package must exist (400 `User {id} not found`, `Account {id} not found`,
//!   `Destination {name} not found in account {id}`, `Package {id} not found`), and a user has a
//!   bucket once (400 `User {login} already has destination {name} of account {id}`). The new
//!   destination has a new ID (GUID text), `CurrentVolume` 0, and the account's and bucket's
//!   display names.
//! - `PUT /api/Destinations` (no model name documented; the SDK sends JSON): the destination
//!   must be the user's (400 `Destination {id} not found for user {userId}`); a left-out
//!   `Destination` or `PackageID` keeps its value; the new bucket (of `AccountID`) and package
//!   must exist. Moving to another bucket starts its `CurrentVolume` at 0.
//! - `DELETE /api/Destinations/{id}?userId=` removes the destination and the user's computers
//!   backed up to it (`GET /api/Users/{userId}/Computers`); an unknown user or a destination
//!   not theirs is a business error (400).
//! - Deleting a user deletes their destinations: their buckets and packages are free.
//! - `CurrentVolume` changes only by [`Sandbox::set_destination_volume`] (the backup agent's
//!   uploads, simulated), which also sets the user's `SpaceUsed` to the sum of their volumes.
//!
//! Monitoring:
//!
//! - The docs name no model and show no sample; the records have the SDK's
//!   [`PlanRun`] shape (XML `ArrayOfMonitoringModels`, a guess).
//! - [`SandboxBuilder::monitoring_records`] sets how many records `GET /api/Monitoring`
//!   answers (default [`DEFAULT_MONITORING_RECORDS`]). Record `i` is on computer `i mod C` of
//!   the users' computers (`GET /api/Users/{userId}/Computers`, in the sandbox's order), is that
//!   computer's plan number `i div C + 1`, and has `Status` `i mod 8` (every status, `Warning` (7)
//!   included, once there are 8 records); `PlanType`, sizes, file counts, durations, error
//!   texts and dates follow from `i` by a fixed hash. The same volume and the same users and
//!   computers give the same bytes; a small feed is the start of a larger one. No computer, no
//!   record.
//! - Dates have no offset, as the real feed's (`2025-03-19T10:26:47`); `NextStart` is null for
//!   every third plan of a computer (a plan without a schedule). `PlanId` is
//!   `9a7e0000-5c1b-4d6e-9b8a-{i as 12 hex digits}`, `DetailedReportLink` a URL under
//!   `https://mspbackups.sandbox.invalid/`.
//! - `GET /api/Monitoring/{userId}` answers that user's records of the whole feed (the same
//!   records, filtered); an unknown user is a business error (400 `User {id} not found`). The
//!   help site's "online endpoints only" is not modelled: every computer counts as online.
//! - Records are generated per request, not stored, so 100,000 and more are fine;
//!   [`Sandbox::monitoring_body`] gives the exact body without a request.
//!
//! Billing (the sandbox's own formula; the real service's is not published):
//!
//! - The sandbox has data for one month, its billing month ([`SandboxBuilder::billing_month`],
//!   default the month it starts in). `GET /api/Billing` and a filter without `Date` report it;
//!   a `Date` in any other month (year and month as written, the offset ignored) answers zeros
//!   and no rows (`StatisticBilling` empty), with a note.
//! - One row per user (in the sandbox's order), filtered by `CompanyName` (ignoring case and
//!   surrounding spaces; blank or null: every user; a company with no user: no rows).
//!   `AverageSpace` is the sum of the user's destinations' `CurrentVolume` (no history: the
//!   average is the current volume); `TotalVolumeRestore` a tenth of each destination's volume
//!   (integer division); `PlanCost` the sum of the `Cost` of each destination's package (a
//!   package counted once per destination; a destination whose package doesn't exist costs
//!   nothing); `StorageCost` for each destination the bytes over its package's `StorageLimit`
//!   (gigabytes of 2^30 bytes) times `Cost / StorageLimit`; `RestoreCost` 0; `TotalCost` the
//!   sum; `LicensesUsed` the licenses granted to the user (active or not). Money is computed
//!   exactly and rounded half away from zero to two decimals (`4.99`, `29.00`).
//! - `CurrentSpaceUsed` and `AverageSpaceUsed` are the sum of the rows' `AverageSpace`,
//!   `TotalRestore` the sum of their `TotalVolumeRestore`.
//! - `PUT /api/Billing/Details`: one `UserDetailModels` per computer backed up to each of the
//!   user's destinations (the destination's volume and restore split evenly among them, the
//!   remainder on the first), or one row with `Computer` null for a destination no computer
//!   uses. `Prefix` is the computer's name (the agent's default prefix), `Destination`
//!   `{account display name} ({bucket})` as in the docs' printed example, `AccountID` the
//!   account's. The totals are the rows' sums. An unknown `UserID` is a business error (400
//!   `User {id} not found`); another month answers zeros and no rows.
//!
//! Builds:
//!
//! - Seeded with the docs' printed examples (see [`SandboxBuilder::builds`] and
//!   [`SandboxBuilder::available_versions`]).
//! - `POST /api/Builds/RequestCustomBuilds` answers an empty 200 and records the request
//!   ([`Sandbox::build_requests`]); nothing is built. An empty `Editions` answers 400
//!   `The request is invalid.` with `ModelState` `model.Editions`: `The field Editions must be a
//!   string or array type with a minimum length of '1'.` (DataAnnotations' `MinLength(1)` text;
//!   a missing or null list: `The Editions field is required.`).

pub mod dcs;
mod http;
mod reports;
mod seed;
mod server;
mod state;
mod storage;
mod storage_routes;
mod tenant_routes;
mod tenants;
mod users;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use self::dcs::Diagnostic;
#[cfg(feature = "cli")]
pub(crate) use self::http::{AN_ERROR, check_body};
pub use self::reports::DEFAULT_MONITORING_RECORDS;
use self::reports::Month;
pub use self::seed::SeedError;
use self::state::State;
pub use self::state::{ActivateError, DEFAULT_USER_PASSWORD, SandboxUser};
use self::storage::Storage;
use self::tenants::Tenants;
pub use self::tenants::{DEFAULT_ADMINISTRATOR_PASSWORD, SandboxAdministrator};
use crate::client::Client;
use crate::format::Format;
use crate::models::{
    Account, Build, BuildRequest, Company, Computer, EditionVersion, License, Package, PlanRun,
};
use crate::secret::Secret;

/// The seeded API login.
pub const DEFAULT_API_LOGIN: &str = "sandbox-api";
/// The seeded API password.
pub const DEFAULT_API_PASSWORD: &str = "sandbox-password";
/// The token lifetime the real service announces (`expires_in`, about two weeks).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(1_209_599);

/// What the login answers to wrong API credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LoginRefusal {
    /// **403** (the default): what two independent clients written against the live server have
    /// seen. The body is not published; the sandbox sends the OAuth-style
    /// `{"error":"invalid_grant","error_description":"The user name or password is incorrect."}`
    /// (a guess).
    #[default]
    Forbidden,
    /// **400** `invalid_grant`, with the same body: what the 2018 API docs show.
    InvalidGrant,
}

/// How many diagnostics the sandbox keeps (the oldest are dropped first).
const DIAGNOSTICS_KEPT: usize = 10_000;
/// The largest request body read.
const MAX_BODY: u64 = 4 * 1024 * 1024;
/// How many connections are open at once (each read on a thread of its own); one more is
/// answered `503` and closed.
const MAX_CONNECTIONS: usize = 256;

/// A diagnostic with the request it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `METHOD /path?query`.
    pub request: String,
    /// The status the sandbox answered.
    pub status: u16,
    /// What happened.
    pub diagnostic: Diagnostic,
}

struct Inner {
    state: Mutex<State>,
    diagnostics: Mutex<VecDeque<Recorded>>,
    api_login: String,
    api_password: Secret,
    token_lifetime: Duration,
    wrong_password: LoginRefusal,
    delete_user_answers_500: bool,
    monitoring_records: usize,
    billing_month: Month,
    request_log: Option<RequestLog>,
    served: AtomicU64,
}

/// What the sandbox tells a [`SandboxBuilder::request_log`] callback about each request it
/// answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Served {
    /// The request's method (`POST`).
    pub method: String,
    /// The request's path and query, as sent (`/api/Licenses/Revoke`).
    pub url: String,
    /// The status answered.
    pub status: u16,
    /// From the moment a worker took the request to the answer being written, the
    /// [`SandboxBuilder::latency`] included.
    pub elapsed: Duration,
    /// What the real server would have dropped, nulled or refused, and notes (the same as
    /// [`Sandbox::diagnostics`] records; never a secret's value).
    pub diagnostics: Vec<Diagnostic>,
}

/// A [`SandboxBuilder::request_log`] callback.
#[derive(Clone)]
struct RequestLog(Arc<dyn Fn(&Served) + Send + Sync>);

impl std::fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestLog(..)")
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sets up a [`Sandbox`]: credentials, seed data, token lifetime.
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    api_login: String,
    api_password: Secret,
    token_lifetime: Duration,
    users: Option<Vec<SandboxUser>>,
    licenses: Option<Vec<License>>,
    companies: Option<Vec<Company>>,
    administrators: Option<Vec<SandboxAdministrator>>,
    packages: Option<Vec<Package>>,
    computers: Option<Vec<Computer>>,
    accounts: Option<Vec<Account>>,
    builds: Option<Vec<Build>>,
    available_versions: Option<Vec<EditionVersion>>,
    monitoring_records: usize,
    billing_month: Option<(u16, u8)>,
    workers: usize,
    wrong_password: LoginRefusal,
    delete_user_answers_500: bool,
    port: u16,
    latency: Duration,
    request_log: Option<RequestLog>,
    granted_licenses: usize,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        SandboxBuilder {
            api_login: DEFAULT_API_LOGIN.to_owned(),
            api_password: Secret::new(DEFAULT_API_PASSWORD),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            users: None,
            licenses: None,
            companies: None,
            administrators: None,
            packages: None,
            computers: None,
            accounts: None,
            builds: None,
            available_versions: None,
            monitoring_records: DEFAULT_MONITORING_RECORDS,
            billing_month: None,
            workers: 4,
            wrong_password: LoginRefusal::default(),
            delete_user_answers_500: false,
            port: 0,
            latency: Duration::ZERO,
            request_log: None,
            granted_licenses: 0,
        }
    }
}

impl SandboxBuilder {
    /// The API login and password the sandbox accepts. Default [`DEFAULT_API_LOGIN`] /
    /// [`DEFAULT_API_PASSWORD`].
    pub fn api_credentials(
        mut self,
        login: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.api_login = login.into();
        self.api_password = password.into();
        self
    }

    /// The lifetime of the tokens it issues. Default [`DEFAULT_TOKEN_LIFETIME`].
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// The users to start with. Default: `alice`, `bob@example.com` (both manual, company
    /// `Acme Corp`) and `carol.auto` (takes licenses from the pool automatically, company
    /// `Globex`), each with the password [`DEFAULT_USER_PASSWORD`], one destination (package 1,
    /// 2 and 1) and one or two computers (alice: `ALICE-PC`, `ALICE-LAPTOP`; bob: `BOB-LAPTOP`;
    /// carol: `CAROL-SRV`, `CAROL-NAS`).
    pub fn users(mut self, users: Vec<SandboxUser>) -> Self {
        self.users = Some(users);
        self
    }

    /// The licenses to start with. Default: ten licenses, five free, one granted to alice and
    /// not active, three active on a computer (alice, bob, carol), one free trial (so six are available).
    pub fn licenses(mut self, licenses: Vec<License>) -> Self {
        self.licenses = Some(licenses);
        self
    }

    /// The companies to start with. Default: `Acme Corp` (storage limit 1 TiB, global license
    /// pool; the seeded alice and bob are in it) and `Globex` (unlimited, each user's own
    /// license setting; carol). Users are in a company by its name (their `Company`).
    pub fn companies(mut self, companies: Vec<Company>) -> Self {
        self.companies = Some(companies);
        self
    }

    /// The administrators to start with. Default: `admin@sandbox.example` (password
    /// [`DEFAULT_ADMINISTRATOR_PASSWORD`], every permission, managing `Acme Corp`).
    pub fn administrators(mut self, administrators: Vec<SandboxAdministrator>) -> Self {
        self.administrators = Some(administrators);
        self
    }

    /// The packages (storage limits) to start with. Default: 1 `Basic 100 GB` (used by the
    /// seeded alice's and carol's destinations), 2 `Business 1 TB` (bob's) and 3 `Archive 5 TB`
    /// (nobody's, so it can be deleted).
    pub fn packages(mut self, packages: Vec<Package>) -> Self {
        self.packages = Some(packages);
        self
    }

    /// The computers to start with (`ComputerHID`, names, and `UserID` for an authorized one;
    /// the user's login, company and license are filled in from the sandbox's state when
    /// answered). Default: one computer per computer of the users (authorized for that user),
    /// then unauthorized workstations `WS-NN`, 25 in all; HIDs
    /// `c0de0a7e-5c1b-4d6e-9b8a-0000000000NN` (NN = 01 … 25).
    pub fn computers(mut self, computers: Vec<Computer>) -> Self {
        self.computers = Some(computers);
        self
    }

    /// What the login answers to wrong API credentials: [`LoginRefusal::Forbidden`] (403, what
    /// the live server has been seen to answer; the default) or [`LoginRefusal::InvalidGrant`]
    /// (400 `invalid_grant`, what the 2018 docs show).
    pub fn wrong_password_answer(mut self, answer: LoginRefusal) -> Self {
        self.wrong_password = answer;
        self
    }

    /// Whether `DELETE /api/Users/{id}` answers **500** (`{"Message":"An error has occurred."}`)
    /// although it deleted the user, as the live server has been seen to do. Default `false`
    /// (200). Lets you test how your code handles it: the SDK reports the 500 as
    /// [`Error::Api`](crate::Error::Api), and [`Users::get`](crate::api::users::Users::get)
    /// answers `None` afterwards.
    pub fn delete_user_answers_500(mut self, yes: bool) -> Self {
        self.delete_user_answers_500 = yes;
        self
    }

    /// The storage accounts to start with (`AccountsModels`, buckets in `Destinations`).
    /// Default: `Sandbox S3` (`acc0a7d1-5c1b-4d6e-9b8a-0000000000a1`, `AmazonS3`, the buckets
    /// `alice-backups`, `bob-backups`, `carol-backups` of the seeded users and `spare-bucket`,
    /// assigned to nobody) and `Sandbox Azure` (`…0000000000a2`, `AzureVM`, bucket `main`).
    /// Users' destinations refer to a bucket by the account's ID and the bucket's name.
    pub fn accounts(mut self, accounts: Vec<Account>) -> Self {
        self.accounts = Some(accounts);
        self
    }

    /// The builds `GET /api/Builds` lists. Default: the two the docs print (Windows
    /// 5.8.6.28 and macOS 2.4.0.17, with their download links).
    pub fn builds(mut self, builds: Vec<Build>) -> Self {
        self.builds = Some(builds);
        self
    }

    /// What `GET /api/Builds/AvailableVersions` lists. Default: the docs' printed list
    /// (Windows and VirtualMachine 5.9.0.274, macOS, LinuxDeb and LinuxRpm 2.4.3.11,
    /// DedupServer 2.3.1.42).
    pub fn available_versions(mut self, versions: Vec<EditionVersion>) -> Self {
        self.available_versions = Some(versions);
        self
    }

    /// How many records `GET /api/Monitoring` answers, spread over the users' computers (see
    /// [`Sandbox::monitoring`]). Default [`DEFAULT_MONITORING_RECORDS`]. Large volumes
    /// (100,000 and more) are fine: the records are generated per request, not stored.
    pub fn monitoring_records(mut self, records: usize) -> Self {
        self.monitoring_records = records;
        self
    }

    /// The month the sandbox has billing data for (`GET /api/Billing`, and the `Date` a
    /// filter must fall in to see data). Default: the month (UTC) the sandbox starts in.
    pub fn billing_month(mut self, year: u16, month: u8) -> Self {
        self.billing_month = Some((year, month.clamp(1, 12)));
        self
    }

    /// How many requests are answered at once. Default 4. Each connection is read on a thread
    /// of its own (up to 256 connections); up to `workers` of their requests are answered at
    /// the same time (each sleeping through the [`latency`](SandboxBuilder::latency)), the
    /// others wait their turn. So this is how many requests overlap.
    pub fn workers(mut self, workers: usize) -> Self {
        self.workers = workers.max(1);
        self
    }

    /// The port to bind on 127.0.0.1. Default 0: a free port chosen by the system (read it
    /// from [`Sandbox::base_url`]).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long each answer is held before it is sent, simulating the distance to the real
    /// service. Default zero. The delay is the worker's: requests overlap their delays up to
    /// [`workers`](SandboxBuilder::workers) at a time.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Calls `log` once for every request answered, on the worker that answered it, after the
    /// answer was sent (so a slow callback adds no latency to that answer): method, URL,
    /// status, elapsed time and the request's diagnostics. `mbs sandbox serve` prints them.
    pub fn request_log(mut self, log: impl Fn(&Served) + Send + Sync + 'static) -> Self {
        self.request_log = Some(RequestLog(Arc::new(log)));
        self
    }

    /// Adds `count` licenses to the seed, each granted to one of the users in manual license
    /// mode (in turn) and active on that user's first computer (or on `SANDBOX-PC` for a user
    /// without one): ready to be revoked, e.g. by a bulk benchmark. Their IDs are
    /// `b0000000-5c1b-4d6e-9b8a-NNNNNNNNNNNN` (NN… = 1 … `count`), numbers after the seeded
    /// licenses'. Nothing is added when no user is in manual mode. Default 0.
    pub fn granted_licenses(mut self, count: usize) -> Self {
        self.granted_licenses = count;
        self
    }

    /// Binds 127.0.0.1 ([`port`](SandboxBuilder::port), a free one by default) and starts
    /// serving.
    pub fn start(self) -> std::io::Result<Sandbox> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", self.port))?;
        let (default_users, default_licenses) = state::default_seed();
        let users = self.users.unwrap_or(default_users);
        let mut licenses = self.licenses.unwrap_or(default_licenses);
        seed::add_granted_licenses(&mut licenses, &users, self.granted_licenses);
        let tenants = Tenants {
            companies: self.companies.unwrap_or_else(tenants::default_companies),
            administrators: self
                .administrators
                .unwrap_or_else(tenants::default_administrators),
            packages: self.packages.unwrap_or_else(tenants::default_packages),
            computers: self
                .computers
                .unwrap_or_else(|| tenants::default_computers(&users)),
            last_package_id: 0,
        };
        let storage = Storage {
            accounts: self.accounts.unwrap_or_else(storage::default_accounts),
            builds: self.builds.unwrap_or_else(storage::default_builds),
            available_versions: self
                .available_versions
                .unwrap_or_else(storage::default_available_versions),
        };
        let billing_month = match self.billing_month {
            Some((year, month)) => Month { year, month },
            None => Month::current(),
        };
        let inner = Arc::new(Inner {
            state: Mutex::new(State::new(users, licenses, tenants, storage)),
            diagnostics: Mutex::new(VecDeque::new()),
            api_login: self.api_login,
            api_password: self.api_password,
            token_lifetime: self.token_lifetime,
            wrong_password: self.wrong_password,
            delete_user_answers_500: self.delete_user_answers_500,
            monitoring_records: self.monitoring_records,
            billing_month,
            request_log: self.request_log,
            served: AtomicU64::new(0),
        });
        let config = server::Config {
            workers: self.workers,
            latency: self.latency,
            max_body: MAX_BODY,
            max_connections: MAX_CONNECTIONS,
        };
        let server = server::Server::start(listener, config, Arc::clone(&inner))?;
        Ok(Sandbox {
            base_url: format!("http://{}", server.addr()),
            inner,
            server,
        })
    }
}

/// Why [`Sandbox::set_destination_volume`] changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetVolumeError {
    /// No user has this ID.
    #[error("the sandbox has no user with ID {user_id}")]
    UnknownUser {
        /// The ID asked for.
        user_id: String,
    },
    /// The user has no destination with this ID.
    #[error("user {user_id} has no destination with ID {destination_id}")]
    UnknownDestination {
        /// The user's ID.
        user_id: String,
        /// The destination's ID asked for.
        destination_id: String,
    },
}

/// A running sandbox. Stops (and frees its port) when dropped: no connection is accepted any
/// more, open ones are closed, an answer held for the latency is not sent.
pub struct Sandbox {
    inner: Arc<Inner>,
    server: server::Server,
    base_url: String,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("api_login", &self.inner.api_login)
            .field("api_password", &self.inner.api_password)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox with the default seed.
    pub fn start() -> std::io::Result<Sandbox> {
        SandboxBuilder::default().start()
    }

    /// A builder for a sandbox with other seeds or settings.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API login it accepts.
    pub fn api_login(&self) -> &str {
        &self.inner.api_login
    }

    /// The API password it accepts.
    pub fn api_password(&self) -> &Secret {
        &self.inner.api_password
    }

    /// A client for this sandbox: its base URL, its API credentials, `format`, no proxy.
    pub fn client(&self, format: Format) -> Result<Client, crate::Error> {
        Client::builder()
            .base_url(&self.base_url)
            .credentials(&self.inner.api_login, self.inner.api_password.clone())
            .format(format)
            .no_proxy()
            .build()
    }

    /// The licenses now.
    pub fn licenses(&self) -> Vec<License> {
        lock(&self.inner.state).licenses.clone()
    }

    /// The users now.
    pub fn users(&self) -> Vec<SandboxUser> {
        lock(&self.inner.state).users.clone()
    }

    /// The companies now.
    pub fn companies(&self) -> Vec<Company> {
        lock(&self.inner.state).companies.clone()
    }

    /// The administrators now, with their passwords.
    pub fn administrators(&self) -> Vec<SandboxAdministrator> {
        lock(&self.inner.state).administrators.clone()
    }

    /// The packages now.
    pub fn packages(&self) -> Vec<Package> {
        lock(&self.inner.state).packages.clone()
    }

    /// The computers now, as `GET /api/Computers/{hid}` shows them (user, company and license
    /// from the current state).
    pub fn computers(&self) -> Vec<Computer> {
        let state = lock(&self.inner.state);
        state
            .computers
            .iter()
            .map(|c| state.computer_view(c, true))
            .collect()
    }

    /// The storage accounts now, with their buckets.
    pub fn accounts(&self) -> Vec<Account> {
        lock(&self.inner.state).accounts.clone()
    }

    /// Every custom-build request accepted so far (`POST /api/Builds/RequestCustomBuilds`), in
    /// order: the sandbox records them and builds nothing.
    pub fn build_requests(&self) -> Vec<BuildRequest> {
        lock(&self.inner.state).build_requests.clone()
    }

    /// The monitoring records `GET /api/Monitoring` answers now: the volume set by
    /// [`SandboxBuilder::monitoring_records`], spread over the users' computers (record `i` on
    /// computer `i mod C`, with status `i mod 8`), the same for the same state. Empty when no
    /// user has a computer.
    pub fn monitoring(&self) -> Vec<PlanRun> {
        let sources = reports::sources(&lock(&self.inner.state));
        reports::feed(&sources, self.inner.monitoring_records, None)
    }

    /// The exact body `GET /api/Monitoring` answers now in `format` (written by the SDK's own
    /// encoder, as the route writes it), without a request: for benchmarks and fixtures.
    ///
    /// # Errors
    ///
    /// What [`PlanRun::list_to_body`] returns (nothing the generated records can cause).
    pub fn monitoring_body(&self, format: Format) -> Result<Vec<u8>, crate::Error> {
        let sources = reports::sources(&lock(&self.inner.state));
        PlanRun::list_to_body(
            &reports::feed(&sources, self.inner.monitoring_records, None),
            format,
        )
    }

    /// Simulates backups: the space (bytes) a user's destination uses (`CurrentVolume`), which
    /// also sets the user's `SpaceUsed` to the sum of their destinations' volumes. Billing
    /// follows.
    ///
    /// # Errors
    ///
    /// [`SetVolumeError`] when the user or the destination (among the user's) doesn't exist.
    pub fn set_destination_volume(
        &self,
        user_id: &str,
        destination_id: &str,
        bytes: i64,
    ) -> Result<(), SetVolumeError> {
        lock(&self.inner.state).set_volume(user_id, destination_id, bytes)
    }

    /// Simulates the backup agent activating a granted license on a computer: the license gets
    /// this computer name and operating system and `IsTaken` (activating an active license again
    /// moves it to the new computer).
    ///
    /// # Errors
    ///
    /// [`ActivateError::UnknownLicense`] when no license has this ID, and
    /// [`ActivateError::NotGranted`] when the license is granted to no user.
    pub fn activate(
        &self,
        license_id: &str,
        computer: &str,
        operating_system: &str,
    ) -> Result<(), ActivateError> {
        lock(&self.inner.state).activate(license_id, computer, operating_system)
    }

    /// Makes every token issued so far expired (the next call with one gets a 401).
    pub fn expire_tokens(&self) {
        lock(&self.inner.state).expire_tokens();
    }

    /// Every diagnostic so far (the last 10,000).
    pub fn diagnostics(&self) -> Vec<Recorded> {
        lock(&self.inner.diagnostics).iter().cloned().collect()
    }

    /// Every diagnostic so far, clearing the log.
    pub fn take_diagnostics(&self) -> Vec<Recorded> {
        lock(&self.inner.diagnostics).drain(..).collect()
    }

    /// How many requests it has answered.
    pub fn requests_served(&self) -> u64 {
        self.inner.served.load(Ordering::Relaxed)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.stop();
    }
}

/// Makes a diagnostic fit in a header: printable ASCII, at most 1,000 characters.
fn header_value(d: &Diagnostic) -> String {
    let mut out = String::new();
    for c in d.to_string().chars() {
        if out.len() > 1000 {
            out.push_str("...");
            break;
        }
        if c == ' ' || c.is_ascii_graphic() {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

/// What [`answer`](server::Service::answer) keeps for the request log.
struct Logged {
    diagnostics: Option<Vec<Diagnostic>>,
}

impl server::Service for Inner {
    type Note = Logged;

    fn answer(&self, request: &server::Request) -> (server::Response, Logged) {
        answer(self, request)
    }

    fn sent(&self, request: server::Request, status: u16, note: Logged, elapsed: Duration) {
        if let (Some(RequestLog(log)), Some(diagnostics)) = (&self.request_log, note.diagnostics) {
            log(&Served {
                method: request.method,
                url: request.url,
                status,
                elapsed,
                diagnostics,
            });
        }
    }
}

fn answer(inner: &Inner, request: &server::Request) -> (server::Response, Logged) {
    let body = &request.body;
    let too_large = request.too_large;
    let method = request.method.as_str();
    let url = request.url.as_str();
    let host = request.header("Host").unwrap_or("127.0.0.1");
    let reply = if too_large {
        let mut r = http::Reply {
            status: 413,
            content_type: Some("text/html".to_owned()),
            headers: Vec::new(),
            body: b"<html><head><title>413 Request Entity Too Large</title></head></html>".to_vec(),
            diagnostics: Vec::new(),
        };
        r.diagnostics.push(Diagnostic::new(
            dcs::DiagnosticKind::Rejected,
            None,
            format!("the body is larger than the sandbox's {MAX_BODY}-byte limit"),
        ));
        r
    } else {
        let env = http::Env {
            state: &inner.state,
            api_login: &inner.api_login,
            api_password: inner.api_password.expose(),
            token_lifetime: inner.token_lifetime,
            wrong_password: inner.wrong_password,
            delete_user_answers_500: inner.delete_user_answers_500,
            monitoring_records: inner.monitoring_records,
            billing_month: inner.billing_month,
        };
        http::handle(
            &env,
            &http::Incoming {
                method,
                url,
                host,
                accept: request.header("Accept"),
                content_type: request.header("Content-Type"),
                authorization: request.header("Authorization"),
                requested_with: request.header("X-Requested-With"),
                body,
            },
        )
    };
    let mut headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    if let Some(ct) = &reply.content_type {
        headers.push(("Content-Type".to_owned(), ct.clone()));
    }
    for d in reply.diagnostics.iter().take(20) {
        headers.push(("X-Sandbox-Diagnostic".to_owned(), header_value(d)));
    }
    let logged = Logged {
        diagnostics: inner
            .request_log
            .as_ref()
            .map(|_| reply.diagnostics.clone()),
    };
    if !reply.diagnostics.is_empty() {
        let label = format!("{method} {url}");
        let mut log = lock(&inner.diagnostics);
        for diagnostic in reply.diagnostics {
            if log.len() == DIAGNOSTICS_KEPT {
                log.pop_front();
            }
            log.push_back(Recorded {
                request: label.clone(),
                status: reply.status,
                diagnostic,
            });
        }
    }
    inner.served.fetch_add(1, Ordering::Relaxed);
    let response = server::Response {
        status: reply.status,
        headers,
        body: reply.body,
    };
    (response, logged)
}
