//! `UserModeType`: how a user takes licenses (the `LicenseManagmentMode` member of users).

use crate::codec::wire_enum;

wire_enum! {
    /// How a user takes licenses: the `LicenseManagmentMode` member of the Users models (the
    /// API's spelling), DataContract enum `UserModeType`. JSON carries the number, XML the name.
    ///
    /// ```
    /// use mspbackups::models::UserModeType;
    /// assert_eq!(UserModeType::from_value(1), UserModeType::Automatic);
    /// assert_eq!(UserModeType::Automatic.name(), Some("Automatic"));
    /// assert_eq!(serde_json::to_string(&UserModeType::CompanySettings).unwrap(), "2");
    /// // A value a newer server sends is kept, not refused.
    /// assert_eq!(UserModeType::from_value(7).value(), Some(7));
    /// ```
    pub enum UserModeType = "UserModeType" in "MBSAPImvc.Engine.Models" {
        /// `Manual` (0): licenses are granted to the user explicitly; the user may activate a
        /// limited number of them.
        Manual = 0,
        /// `Automatic` (1): the user activates licenses from the global pool by themselves. The
        /// docs warn that revoking a license from such a user "will not work properly": the agent
        /// takes one from the pool again.
        Automatic = 1,
        /// `CompanySettings` (2): the company's licensing applies; direct changes are blocked.
        CompanySettings = 2,
    }
}

/// An enum value this version of the crate does not know, as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownValue {
    /// A JSON number.
    Number(i64),
    /// An XML member name.
    Name(String),
}

impl UnknownValue {
    /// The number, if it came from JSON.
    pub fn number(&self) -> Option<i64> {
        match self {
            UnknownValue::Number(n) => Some(*n),
            UnknownValue::Name(_) => None,
        }
    }

    /// The name, if it came from XML.
    pub fn name(&self) -> Option<&str> {
        match self {
            UnknownValue::Name(n) => Some(n),
            UnknownValue::Number(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::XmlScalar;
    use crate::xml::XmlWriter;

    fn xml(v: &UserModeType) -> Result<String, crate::error::EncodeError> {
        let mut out = Vec::new();
        v.write_text("LicenseManagmentMode", &mut XmlWriter::new(&mut out))?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn numbers_in_json_names_in_xml() {
        for (name, value) in UserModeType::VALUES {
            let v = UserModeType::from_value(*value);
            assert_eq!(v, UserModeType::from_name(name));
            assert_eq!(serde_json::to_string(&v).unwrap(), value.to_string());
            assert_eq!(
                serde_json::from_str::<UserModeType>(&value.to_string()).unwrap(),
                v
            );
            assert_eq!(
                xml(&v).unwrap(),
                format!("\n<LicenseManagmentMode>{name}</LicenseManagmentMode>")
            );
            assert_eq!(UserModeType::parse_text(&format!(" {name}\n")), Some(v));
        }
        assert_eq!(
            UserModeType::VALUES,
            &[("Manual", 0), ("Automatic", 1), ("CompanySettings", 2)]
        );
    }

    #[test]
    fn unknown_values_decode_and_go_back_in_their_own_format_only() {
        let from_json: UserModeType = serde_json::from_str("9").unwrap();
        assert_eq!(from_json, UserModeType::Unknown(UnknownValue::Number(9)));
        assert_eq!(serde_json::to_string(&from_json).unwrap(), "9");
        assert!(matches!(
            xml(&from_json),
            Err(crate::error::EncodeError::UnknownEnumValue { value, .. }) if value == "9"
        ));
        let from_xml = UserModeType::parse_text("Hybrid").unwrap();
        assert_eq!(from_xml.name(), Some("Hybrid"));
        assert_eq!(
            xml(&from_xml).unwrap(),
            "\n<LicenseManagmentMode>Hybrid</LicenseManagmentMode>"
        );
        assert!(serde_json::to_string(&from_xml).is_err());
        assert_eq!(UserModeType::parse_text("  "), None);
        assert_eq!(
            serde_json::from_str::<UserModeType>("\"Automatic\"").unwrap(),
            UserModeType::Automatic
        );
    }
}
