//! Stage 1 of the XSD front-end: one `xs:schema` element → owned raw structures, every
//! qualified name already resolved against the namespaces in scope (and, for a chameleon
//! include, moved into the includer's namespace).

use super::xml::{Pos, QName};
use crate::model::Facets;

mod parse;

pub(crate) use parse::parse_schema;

/// Cardinality as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occ {
    pub min: u32,
    pub max: Option<u32>,
}

impl Occ {
    pub(crate) const ONE: Occ = Occ { min: 1, max: Some(1) };
}

/// One parsed schema document (or inline WSDL schema).
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    /// File it came from.
    pub file: String,
    /// Effective target namespace (the includer's for a chameleon include).
    pub tns: Option<String>,
    pub element_qualified: bool,
    pub attribute_qualified: bool,
    /// Global components, in document order.
    pub globals: Vec<Global>,
    /// import / include / redefine / override.
    pub directives: Vec<Directive>,
    /// Things ignored on purpose (identity constraints, XSD 1.1 assertions, …).
    pub notes: Vec<(Pos, String)>,
    /// `xs:annotation/xs:documentation` of the schema itself.
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Global {
    Element(Element),
    Complex(ComplexType),
    Simple(SimpleType),
    Group(NamedGroup),
    AttributeGroup(AttributeGroup),
    Attribute(Attribute),
}

impl Global {
    pub(crate) fn name(&self) -> &str {
        match self {
            Global::Element(e) => e.name.as_deref().unwrap_or(""),
            Global::Complex(c) => c.name.as_deref().unwrap_or(""),
            Global::Simple(s) => s.name.as_deref().unwrap_or(""),
            Global::Group(g) => &g.name,
            Global::AttributeGroup(g) => &g.name,
            Global::Attribute(a) => a.name.as_deref().unwrap_or(""),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DirectiveKind {
    Import,
    Include,
    Redefine,
    Override,
}

#[derive(Debug, Clone)]
pub(crate) struct Directive {
    pub kind: DirectiveKind,
    pub namespace: Option<String>,
    pub location: Option<String>,
    pub pos: Pos,
    /// Redefine / override: the replacing components.
    pub components: Vec<Global>,
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub pos: Pos,
    pub doc: Option<String>,
    pub name: Option<String>,
    pub reference: Option<QName>,
    pub type_name: Option<QName>,
    pub inline: Option<Box<InlineType>>,
    pub occurs: Occ,
    pub nillable: bool,
    pub default: Option<String>,
    pub fixed: Option<String>,
    /// `form`: `Some(true)` = qualified.
    pub form: Option<bool>,
    pub is_abstract: bool,
    pub substitution_group: Vec<QName>,
}

// Always behind a `Box` (`Element::inline`), so the variant sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub(crate) enum InlineType {
    Complex(ComplexType),
    Simple(SimpleType),
}

#[derive(Debug, Clone)]
pub(crate) struct ComplexType {
    pub pos: Pos,
    pub doc: Option<String>,
    pub name: Option<String>,
    pub is_abstract: bool,
    pub mixed: bool,
    pub content: Content,
}

#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// A particle (or nothing) directly under the complexType.
    Plain { particle: Option<Particle>, attrs: Attrs },
    /// simpleContent/extension.
    SimpleExtension { base: QName, attrs: Attrs, pos: Pos },
    /// simpleContent/restriction.
    SimpleRestriction {
        base: QName,
        inline: Option<Box<SimpleType>>,
        facets: Restriction,
        attrs: Attrs,
        pos: Pos,
    },
    /// complexContent/extension.
    ComplexExtension {
        base: QName,
        mixed: bool,
        particle: Option<Particle>,
        attrs: Attrs,
        pos: Pos,
    },
    /// complexContent/restriction.
    ComplexRestriction {
        base: QName,
        mixed: bool,
        particle: Option<Particle>,
        attrs: Attrs,
        pos: Pos,
    },
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Attrs {
    pub items: Vec<AttrItem>,
    pub any: Option<Pos>,
}

#[derive(Debug, Clone)]
pub(crate) enum AttrItem {
    Attr(Box<Attribute>),
    Group { reference: QName, pos: Pos },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    Optional,
    Required,
    Prohibited,
}

#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub pos: Pos,
    pub doc: Option<String>,
    pub name: Option<String>,
    pub reference: Option<QName>,
    pub type_name: Option<QName>,
    pub inline: Option<Box<SimpleType>>,
    pub use_: Use,
    pub default: Option<String>,
    pub fixed: Option<String>,
    pub form: Option<bool>,
    /// `wsdl:arrayType="ns:T[]"` (SOAP-encoded arrays): the item type and the brackets.
    pub array_type: Option<(QName, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compositor {
    Sequence,
    Choice,
    All,
}

#[derive(Debug, Clone)]
pub(crate) enum Particle {
    Element(Element),
    Group(ModelGroup),
    GroupRef {
        reference: QName,
        occurs: Occ,
        pos: Pos,
        doc: Option<String>,
    },
    Any {
        occurs: Occ,
        pos: Pos,
        doc: Option<String>,
    },
}

impl Particle {
    pub(crate) fn occurs(&self) -> Occ {
        match self {
            Particle::Element(e) => e.occurs,
            Particle::Group(g) => g.occurs,
            Particle::GroupRef { occurs, .. } | Particle::Any { occurs, .. } => *occurs,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ModelGroup {
    pub kind: Compositor,
    pub occurs: Occ,
    pub pos: Pos,
    pub doc: Option<String>,
    pub items: Vec<Particle>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimpleType {
    pub pos: Pos,
    pub doc: Option<String>,
    pub name: Option<String>,
    pub variety: Variety,
}

#[derive(Debug, Clone)]
pub(crate) enum Variety {
    Restriction {
        base: Option<QName>,
        inline_base: Option<Box<SimpleType>>,
        facets: Box<Restriction>,
    },
    List {
        item: Option<QName>,
        inline_item: Option<Box<SimpleType>>,
    },
    Union {
        members: Vec<QName>,
        inline: Vec<SimpleType>,
    },
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Restriction {
    pub enums: Vec<EnumVal>,
    pub facets: Facets,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumVal {
    pub value: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct NamedGroup {
    pub name: String,
    pub pos: Pos,
    pub doc: Option<String>,
    pub model: Option<ModelGroup>,
}

#[derive(Debug, Clone)]
pub(crate) struct AttributeGroup {
    pub name: String,
    pub pos: Pos,
    pub attrs: Attrs,
}
