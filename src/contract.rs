//! Contract descriptions: each model's DataContract name, namespace and members, as data.
//!
//! Every model and enum of the crate is declared once; its [`Contract`] (or [`EnumContract`]) is
//! generated from that declaration. The sandbox's DataContract emulator and the Mono oracle tests
//! read these descriptions instead of keeping their own copies, and anyone can use them to check
//! XML against what `DataContractSerializer` expects.
//!
//! ```
//! use mspbackups::models::License;
//! let c = License::CONTRACT;
//! assert_eq!((c.name, c.namespace), ("LicensesModels", "http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models"));
//! // DataContract order (ordinal by name) is computed from the declaration (JSON order).
//! assert_eq!(c.json_members[0].name, "ID");
//! assert_eq!(c.members[0].name, "ComputerName");
//! //! ```

/// The namespace of primitive list items (`<d2p1:string>`, `<d2p1:guid>`, …).
pub const ARRAYS_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// The type of a member (or of a list's items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// `System.String` (a reference type: may be nil; an empty element is `""`).
    String,
    /// `System.Boolean`.
    Bool,
    /// `System.Int32`.
    Int32,
    /// `System.Int64`.
    Int64,
    /// `System.Decimal`.
    Decimal,
    /// `System.Guid`.
    Guid,
    /// `System.DateTime` (or `DateTimeOffset` text).
    DateTime,
    /// An enum: JSON number, XML member name.
    Enum(&'static EnumContract),
    /// Another data contract, nested.
    Model(&'static Contract),
    /// A collection; items are elements named after the item type ([`Kind::item_name`]).
    List(&'static Kind),
}

impl Kind {
    /// The element name of one item of a list of this kind, as DataContractSerializer writes it.
    pub const fn item_name(&self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Bool => "boolean",
            Kind::Int32 => "int",
            Kind::Int64 => "long",
            Kind::Decimal => "decimal",
            Kind::Guid => "guid",
            Kind::DateTime => "dateTime",
            Kind::Enum(e) => e.xml_name,
            Kind::Model(c) => c.name,
            Kind::List(_) => "ArrayOfanyType",
        }
    }

    /// The namespace of one item of a list of this kind.
    pub const fn item_namespace(&self) -> &'static str {
        match self {
            Kind::Enum(e) => e.namespace,
            Kind::Model(c) => c.namespace,
            _ => ARRAYS_NS,
        }
    }

    /// The namespace the children of an element of this kind are in: a model's namespace, a
    /// list's items' namespace; `None` for text.
    pub const fn child_namespace(&self) -> Option<&'static str> {
        match self {
            Kind::Model(c) => Some(c.namespace),
            Kind::List(item) => Some(item.item_namespace()),
            _ => None,
        }
    }

    /// The .NET type name, as the serializer's messages give it.
    pub const fn clr_name(&self) -> &'static str {
        match self {
            Kind::String => "String",
            Kind::Bool => "Boolean",
            Kind::Int32 => "Int32",
            Kind::Int64 => "Int64",
            Kind::Decimal => "Decimal",
            Kind::Guid => "Guid",
            Kind::DateTime => "DateTime",
            Kind::Enum(e) => e.name,
            Kind::Model(c) => c.name,
            Kind::List(_) => "Array",
        }
    }

    /// Whether .NET holds it as a value type (nil fails unless the member is nullable).
    pub const fn is_value_type(&self) -> bool {
        matches!(
            self,
            Kind::Bool
                | Kind::Int32
                | Kind::Int64
                | Kind::Decimal
                | Kind::Guid
                | Kind::DateTime
                | Kind::Enum(_)
        )
    }

    /// Whether the value is written as text (not as child elements).
    pub const fn is_text(&self) -> bool {
        !matches!(self, Kind::Model(_) | Kind::List(_))
    }
}

/// A member of a data contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// The element (and JSON property) name, in the API's spelling.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether the SDK's type admits null (`Option`); .NET strings, lists and models always do.
    pub nullable: bool,
    /// Whether the docs mark it required (the SDK refuses a blank value before sending).
    pub required: bool,
    /// Whether it is declared on a base contract (base members come first in XML).
    pub base: bool,
    /// `[DataMember(Order = N)]`; -1 when not set. Within a contract, members are sorted by
    /// order, then by name.
    pub order: i32,
    /// Left out of a body when null (`[DataMember(EmitDefaultValue = false)]`): members the API
    /// added later, so that a body for an older server carries only what it knows.
    pub omit_null: bool,
    /// Whether its value is a secret (a password, a storage key): shown as `<redacted>`, and
    /// never taken from a command line by the `mbs` tool.
    pub secret: bool,
}

impl Member {
    /// A member description (used by the model declarations).
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        kind: Kind,
        nullable: bool,
        required: bool,
        base: bool,
    ) -> Member {
        Member {
            name,
            kind,
            nullable,
            required,
            base,
            order: -1,
            omit_null: false,
            secret: false,
        }
    }

    /// The same member, marked as a secret.
    #[doc(hidden)]
    pub const fn with_secret(mut self, secret: bool) -> Member {
        self.secret = secret;
        self
    }

    /// The same member, left out of a body when null.
    #[doc(hidden)]
    pub const fn with_omit(mut self, omit: bool) -> Member {
        self.omit_null = omit;
        self
    }

    /// The same member with `[DataMember(Order = order)]`.
    #[doc(hidden)]
    pub const fn with_order(mut self, order: i32) -> Member {
        self.order = order;
        self
    }
}

/// A data contract: XML root name, namespace, members in DataContract order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Contract {
    /// The root element name (`LicenseOperation`); a list's root is `ArrayOf` + this.
    pub name: &'static str,
    /// The namespace.
    pub namespace: &'static str,
    /// Members in the order the serializer writes and expects them: base-contract members
    /// first, then ordinal by name.
    pub members: &'static [Member],
    /// Members in the order the JSON formatter writes them (the declaration order).
    pub json_members: &'static [Member],
}

impl Contract {
    /// A contract description (used by the model declarations).
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        namespace: &'static str,
        members: &'static [Member],
        json_members: &'static [Member],
    ) -> Contract {
        Contract {
            name,
            namespace,
            members,
            json_members,
        }
    }

    /// The member with this name.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// An enum contract: its name and its members' names and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnumContract {
    /// The .NET type name as the serializer's messages give it (`MBSAPImvc.Engine.Models.UserModeType`).
    pub name: &'static str,
    /// The element name of one item in a list of these (`UserModeType`).
    pub xml_name: &'static str,
    /// The namespace of list items.
    pub namespace: &'static str,
    /// Every member this version knows: XML name and JSON number.
    pub values: &'static [(&'static str, i64)],
}

impl EnumContract {
    /// An enum description (used by the enum declarations).
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        xml_name: &'static str,
        namespace: &'static str,
        values: &'static [(&'static str, i64)],
    ) -> EnumContract {
        EnumContract {
            name,
            xml_name,
            namespace,
            values,
        }
    }
}

/// `a < b` by ordinal (byte) comparison, as `string.CompareOrdinal`.
const fn ordinal_lt(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut k = 0;
    while k < a.len() && k < b.len() {
        if a[k] != b[k] {
            return a[k] < b[k];
        }
        k += 1;
    }
    a.len() < b.len()
}

/// The members in DataContract order: base-contract members first, then by `Order`, then
/// ordinal by name (a stable sort of the declaration).
#[doc(hidden)]
pub const fn data_contract_order<const N: usize>(mut m: [Member; N]) -> [Member; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 {
            let (a, b) = (&m[j], &m[j - 1]);
            let before = (a.base && !b.base)
                || (a.base == b.base
                    && (a.order < b.order || (a.order == b.order && ordinal_lt(a.name, b.name))));
            if !before {
                break;
            }
            let t = m[j];
            m[j] = m[j - 1];
            m[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    m
}

/// Whether member names are distinct and at most 64 (the XML reader tracks them in a `u64`).
#[doc(hidden)]
pub const fn members_ok(m: &[Member]) -> bool {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut k = 0;
        while k < a.len() {
            if a[k] != b[k] {
                return false;
            }
            k += 1;
        }
        true
    }
    if m.len() > 64 {
        return false;
    }
    let mut i = 0;
    while i < m.len() {
        let mut j = i + 1;
        while j < m.len() {
            if same(m[i].name, m[j].name) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_members_come_first_then_ordinal() {
        let m = |name, base| Member::new(name, Kind::String, true, false, base);
        let sorted = data_contract_order([
            m("ID", false),
            m("CurrentVolume", false),
            m("PackageID", false),
            m("AccountID", true),
            m("AccountDisplayName", true),
            m("Destination", true),
            m("DestinationDisplayName", true),
        ]);
        let names: Vec<_> = sorted.iter().map(|m| m.name).collect();
        assert_eq!(
            names,
            [
                "AccountDisplayName",
                "AccountID",
                "Destination",
                "DestinationDisplayName",
                "CurrentVolume",
                "ID",
                "PackageID"
            ]
        );
        // Ordinal, not culture order: upper case sorts before lower case.
        let sorted = data_contract_order([m("b", false), m("B", false), m("a", false)]);
        assert_eq!(sorted.map(|m| m.name), ["B", "a", "b"]);
        // `[DataMember(Order = 1)]` comes after the members without an order: `CompanyModel`'s
        // `Id` is written last.
        let sorted = data_contract_order([
            m("Id", false).with_order(1),
            m("Name", false),
            m("StorageLimit", false),
            m("LicenseSettings", false),
        ]);
        assert_eq!(
            sorted.map(|m| m.name),
            ["LicenseSettings", "Name", "StorageLimit", "Id"]
        );
    }

    #[test]
    fn member_lists_must_be_short_and_distinct() {
        let m = |name| Member::new(name, Kind::String, true, false, false);
        assert!(members_ok(&[m("A"), m("B")]));
        assert!(members_ok(&[]));
        assert!(!members_ok(&[m("A"), m("B"), m("A")]));
        assert!(!members_ok(&[m("A"); 65]));
    }
}
