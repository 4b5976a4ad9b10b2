//! Nested DataContract XML against what Mono's `DataContractSerializer` (Microsoft's reference
//! source) writes for the same shapes: a nested model and lists in another namespace, lists of
//! GUIDs and enums, empty and null lists, a prefix reused for the items of a list, `Order`.
//!
//! The expected document was written by this C# (Mono 6.8, `XmlWriterSettings { Indent = true,
//! OmitXmlDeclaration = true }`), the classes mirroring the Rust declarations below:
//!
//! ```text
//! namespace Test { public enum Color { Red, Blue } }   // contract namespace …/2004/07/Test
//! [DataContract(Name="Inner", Namespace="urn:b")] public class Inner {
//!     [DataMember] public string A; [DataMember] public List<string> L; [DataMember] public Outer2 Back; }
//! [DataContract(Name="Outer2", Namespace="urn:a")] public class Outer2 { [DataMember] public string Z; }
//! [DataContract(Name="Outer", Namespace="urn:a")] public class Outer {
//!     [DataMember] public Inner In; [DataMember] public List<Color> Colors; [DataMember] public List<Guid> Ids;
//!     [DataMember] public List<string> Empty; [DataMember] public List<string> Nil; [DataMember] public List<Inner> Inners;
//!     [DataMember(Order=1)] public string Last; [DataMember] public Inner InNil;
//!     [DataMember] public List<Inner> InnersNil; [DataMember] public Outer2 SameNil; }
//! new Outer { In = new Inner { A = "x", L = new List<string>{"s"}, Back = new Outer2 { Z = "z" } },
//!     Colors = new List<Color>{Color.Blue}, Ids = new List<Guid>{Guid.Empty}, Empty = new List<string>(),
//!     Nil = null, Inners = new List<Inner>{ new Inner { A = "y" } }, Last = "l" }
//! ```

#![allow(dead_code)] // The test models exist for their XML; not every accessor is used.

use crate::Format;
use crate::codec::{model, wire_enum};
use crate::models::Guid;

const URN_A: &str = "urn:a";
const URN_B: &str = "urn:b";

wire_enum! {
    /// A test enum in another namespace.
    pub enum Color = "Color" in "Test" {
        /// 0
        Red = 0,
        /// 1
        Blue = 1,
    }
}

model! {
    /// A model in another namespace.
    pub struct Inner = "Inner" in URN_B {
        /// A
        "A" a: Option<String>,
        /// L
        "L" l: Option<Vec<String>>,
        /// Back: a model of the root's namespace inside one of another.
        "Back" back: Option<Outer2>,
    }
}

model! {
    /// A model in the root's namespace.
    pub struct Outer2 = "Outer2" in URN_A {
        /// Z
        "Z" z: Option<String>,
    }
}

model! {
    /// The root.
    pub struct Outer = "Outer" in URN_A {
        /// In
        "In" inner: Option<Inner>,
        /// Colors
        "Colors" colors: Option<Vec<Color>>,
        /// Ids
        "Ids" ids: Option<Vec<Guid>>,
        /// Empty
        "Empty" empty: Option<Vec<String>>,
        /// Nil
        "Nil" nil: Option<Vec<String>>,
        /// Inners
        "Inners" inners: Option<Vec<Inner>>,
        /// Last, `[DataMember(Order = 1)]`
        @1 "Last" last: Option<String>,
        /// InNil
        "InNil" in_nil: Option<Inner>,
        /// InnersNil
        "InnersNil" inners_nil: Option<Vec<Inner>>,
        /// SameNil
        "SameNil" same_nil: Option<Outer2>,
    }
}

/// Mono's output for the value in the module docs.
const MONO: &str = r#"<Outer xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:a">
  <Colors xmlns:d2p1="http://schemas.datacontract.org/2004/07/Test">
    <d2p1:Color>Blue</d2p1:Color>
  </Colors>
  <Empty xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" />
  <Ids xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
    <d2p1:guid>00000000-0000-0000-0000-000000000000</d2p1:guid>
  </Ids>
  <In xmlns:d2p1="urn:b">
    <d2p1:A>x</d2p1:A>
    <d2p1:Back>
      <Z>z</Z>
    </d2p1:Back>
    <d2p1:L xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
      <d3p1:string>s</d3p1:string>
    </d2p1:L>
  </In>
  <InNil xmlns:d2p1="urn:b" i:nil="true" />
  <Inners xmlns:d2p1="urn:b">
    <d2p1:Inner>
      <d2p1:A>y</d2p1:A>
      <d2p1:Back i:nil="true" />
      <d2p1:L xmlns:d4p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:nil="true" />
    </d2p1:Inner>
  </Inners>
  <InnersNil xmlns:d2p1="urn:b" i:nil="true" />
  <Nil xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" i:nil="true" />
  <SameNil i:nil="true" />
  <Last>l</Last>
</Outer>"#;

fn value() -> Outer {
    let inner = |a: &str, l: Option<Vec<String>>, back: Option<Outer2>| Inner {
        a: Some(a.into()),
        l,
        back,
        extra: Default::default(),
    };
    Outer {
        inner: Some(inner(
            "x",
            Some(vec!["s".into()]),
            Some(Outer2 {
                z: Some("z".into()),
                extra: Default::default(),
            }),
        )),
        colors: Some(vec![Color::Blue]),
        ids: Some(vec![
            "00000000-0000-0000-0000-000000000000".parse().unwrap(),
        ]),
        empty: Some(vec![]),
        nil: None,
        inners: Some(vec![inner("y", None, None)]),
        last: Some("l".into()),
        in_nil: None,
        inners_nil: None,
        same_nil: None,
        extra: Default::default(),
    }
}

#[test]
fn nested_xml_is_what_data_contract_serializer_writes() {
    let ours = String::from_utf8(value().to_body(Format::Xml).unwrap()).unwrap();
    assert_eq!(ours, MONO);
}

#[test]
fn data_contract_serializer_output_reads_back_to_the_same_value() {
    assert_eq!(
        Outer::from_body(Format::Xml, MONO.as_bytes()).unwrap(),
        value()
    );
    let json = value().to_body(Format::Json).unwrap();
    assert_eq!(Outer::from_body(Format::Json, &json).unwrap(), value());
}

#[test]
fn an_empty_list_body_self_closes_its_root_as_data_contract_serializer_does() {
    // Mono's DataContractSerializer writes an empty `List<UsersModels>` as a self-closed root
    // (found by the oracle, tests/dcs_oracle.rs).
    let body = crate::models::User::list_to_body(&[], Format::Xml).unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "<ArrayOfUsersModels xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\" />"
    );
    let back = crate::models::User::list_from_body(
        Format::Xml,
        &crate::models::User::list_to_body(&[], Format::Xml).unwrap(),
    )
    .unwrap();
    assert!(back.is_empty());
}
