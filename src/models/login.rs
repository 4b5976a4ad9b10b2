//! The login: its body (`LoginRequest`, password a secret) and its answer (`Token`, an OAuth bearer token).

use std::fmt;

use serde::Deserialize;

use crate::codec::model;
use crate::secret::Secret;

/// The namespace of the login model (not the Engine.Models one every other model uses).
pub(crate) const CONTROLLERS_NS: &str =
    "http://schemas.datacontract.org/2004/07/MBSAPImvc.Controllers";

model! {
    /// The body of `POST /api/Provider/Login` (`ProviderController.LoginUserBindingModel`).
    ///
    /// JSON `{"UserName": …, "Password": …}`; XML root `ProviderController.LoginUserBindingModel` in
    /// `http://schemas.datacontract.org/2004/07/MBSAPImvc.Controllers`, members `Password`, `UserName`.
    /// The password is a [`Secret`]: `Debug` hides it.
    #[derive(Eq)]
    pub struct LoginRequest = "ProviderController.LoginUserBindingModel" in CONTROLLERS_NS {
        /// `UserName`: the API login (not the console login).
        req "UserName" user_name: String,
        /// `Password`: the API password (3–100 characters).
        req "Password" password: Secret,
    }
}

impl LoginRequest {
    /// A login body.
    pub fn new(user_name: impl Into<String>, password: impl Into<Secret>) -> Self {
        LoginRequest {
            user_name: user_name.into(),
            password: password.into(),
            extra: Default::default(),
        }
    }

    /// The same body with the password replaced by `<redacted>`, for display.
    pub(crate) fn redacted(&self) -> LoginRequest {
        LoginRequest {
            user_name: self.user_name.clone(),
            password: Secret::new("<redacted>"),
            extra: Default::default(),
        }
    }
}

/// The answer of a login: an OAuth bearer token (`access_token`, `expires_in`, …).
///
/// The server answers it in JSON whatever the requested format. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    access_token: Secret,
    token_type: String,
    expires_in: Option<u64>,
    user_name: Option<String>,
    issued: Option<String>,
    expires: Option<String>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &self.access_token)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("user_name", &self.user_name)
            .field("issued", &self.issued)
            .field("expires", &self.expires)
            .finish()
    }
}

impl Token {
    /// `access_token`: the bearer token.
    pub fn access_token(&self) -> &Secret {
        &self.access_token
    }
    /// `token_type` (`bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }
    /// `expires_in`: lifetime in seconds (about two weeks), if the server said.
    pub fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }
    /// `userName`: the API login.
    pub fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }
    /// `.issued`, an RFC 1123 date (`Sat, 28 Apr 2018 13:50:43 GMT`), as sent.
    pub fn issued(&self) -> Option<&str> {
        self.issued.as_deref()
    }
    /// `.expires`, an RFC 1123 date, as sent.
    pub fn expires(&self) -> Option<&str> {
        self.expires.as_deref()
    }

    /// Reads a login answer (OAuth JSON), e.g. one captured elsewhere.
    ///
    /// ```
    /// let t = mspbackups::models::Token::from_body(br#"{"access_token":"abc","expires_in":"60"}"#)?;
    /// assert_eq!((t.access_token().expose(), t.expires_in()), ("abc", Some(60)));
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn from_body(body: &[u8]) -> Result<Token, crate::Error> {
        Token::from_json(body).map_err(|source| {
            crate::Error::decode(
                crate::Format::Json,
                "OAuth token",
                String::from("passed to from_body"),
                source,
            )
        })
    }

    /// Reads a token answer (JSON).
    pub(crate) fn from_json(body: &[u8]) -> Result<Token, crate::error::DecodeError> {
        #[derive(Deserialize)]
        struct Wire {
            access_token: String,
            #[serde(default)]
            token_type: Option<String>,
            #[serde(default)]
            expires_in: Option<serde_json::Value>,
            #[serde(default, rename = "userName")]
            user_name: Option<String>,
            #[serde(default, rename = ".issued")]
            issued: Option<String>,
            #[serde(default, rename = ".expires")]
            expires: Option<String>,
        }
        let w: Wire = serde_json::from_slice(body).map_err(|e| {
            // serde_json's message names the field, never its value, so the token can't leak here.
            crate::error::DecodeError::Json(e.to_string())
        })?;
        if w.access_token.trim().is_empty() {
            return Err(crate::error::DecodeError::Nil {
                model: "token",
                element: "access_token",
            });
        }
        // The docs' table calls expires_in a string; the sample shows a number. Take either.
        let expires_in = match w.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        Ok(Token {
            access_token: Secret::new(w.access_token),
            token_type: w.token_type.unwrap_or_else(|| "bearer".to_owned()),
            expires_in,
            user_name: w.user_name,
            issued: w.issued,
            expires: w.expires,
        })
    }
}
