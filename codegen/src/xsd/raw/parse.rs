//! Reading one `xs:schema` element into the raw structures of [`super`], names resolved as
//! they are read.

use super::*;
use crate::Error;
use crate::xsd::xml::{self, XmlFile, elements, is_xs};

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

/// Deepest nesting of types and particles accepted.
const MAX_DEPTH: u32 = 64;

/// Parses one `xs:schema` element.
pub(crate) struct Parser<'x, 'a, 'i> {
    x: &'x XmlFile<'a, 'i>,
    /// The includer's namespace for a chameleon include.
    chameleon: Option<String>,
    /// See `parse_schema`.
    fallback: Option<String>,
    fallback_used: bool,
    /// Nesting of complex types being parsed (bounded: no stack overflow on hostile input).
    depth: u32,
    notes: Vec<(Pos, String)>,
}

/// Parse the schema element `node` of file `x`. `chameleon` is the includer's namespace when
/// the schema is included (its no-namespace components then take that namespace).
pub(crate) fn parse_schema(x: &XmlFile, node: Node, chameleon: Option<&str>) -> Result<Schema, Error> {
    let own_tns = node.attribute("targetNamespace").filter(|s| !s.is_empty());
    let chameleon = if own_tns.is_none() {
        chameleon.map(str::to_owned)
    } else {
        None
    };
    // Unprefixed references in a namespaced schema without a default namespace name no
    // namespace; when the schema cannot refer to no-namespace components (it does not import
    // them), such a reference is a mistake for its own namespace: resolve it there, with a note.
    let imports_no_namespace = elements(node).any(|c| {
        is_xs(c.tag_name().namespace()) && c.tag_name().name() == "import" && c.attribute("namespace").is_none()
    });
    let fallback = own_tns
        .filter(|_| node.lookup_namespace_uri(None).is_none_or(str::is_empty) && !imports_no_namespace)
        .map(str::to_owned);
    let mut p = Parser {
        x,
        chameleon: chameleon.clone(),
        fallback,
        fallback_used: false,
        depth: 0,
        notes: Vec::new(),
    };
    let tns = own_tns.map(str::to_owned).or(chameleon);
    let mut schema = Schema {
        file: x.file.to_owned(),
        tns,
        element_qualified: node.attribute("elementFormDefault") == Some("qualified"),
        attribute_qualified: node.attribute("attributeFormDefault") == Some("qualified"),
        globals: Vec::new(),
        directives: Vec::new(),
        notes: Vec::new(),
        doc: p.doc(node),
    };
    for child in elements(node) {
        if !is_xs(child.tag_name().namespace()) {
            p.note(
                child,
                format!("foreign element `{}` under xs:schema ignored", child.tag_name().name()),
            );
            continue;
        }
        match child.tag_name().name() {
            "annotation" => {}
            "notation" | "defaultOpenContent" => p.note(child, format!("xs:{} ignored", child.tag_name().name())),
            "import" | "include" | "redefine" | "override" => {
                let kind = match child.tag_name().name() {
                    "import" => DirectiveKind::Import,
                    "include" => DirectiveKind::Include,
                    "redefine" => DirectiveKind::Redefine,
                    _ => DirectiveKind::Override,
                };
                let mut components = Vec::new();
                if matches!(kind, DirectiveKind::Redefine | DirectiveKind::Override) {
                    for c in elements(child) {
                        if let Some(g) = p.global(c)? {
                            components.push(g);
                        }
                    }
                }
                schema.directives.push(Directive {
                    kind,
                    namespace: child.attribute("namespace").map(str::to_owned),
                    location: child.attribute("schemaLocation").map(str::to_owned),
                    pos: x.pos(child),
                    components,
                });
            }
            _ => {
                if let Some(g) = p.global(child)? {
                    schema.globals.push(g);
                }
            }
        }
    }
    if p.fallback_used {
        p.notes.push((
            x.pos(node),
            "unprefixed type/element references without a default namespace were resolved in the targetNamespace (the schema is not valid as written)".into(),
        ));
    }
    schema.notes = p.notes;
    Ok(schema)
}

impl Parser<'_, '_, '_> {
    fn note(&mut self, node: Node, message: String) {
        self.notes.push((self.x.pos(node), message));
    }

    fn err(&self, node: Node, message: impl Into<String>) -> Error {
        self.x.error(node, message)
    }

    /// A QName-valued attribute.
    fn qattr(&mut self, node: Node, name: &str) -> Result<Option<QName>, Error> {
        match node.attribute(name) {
            Some(v) => Ok(Some(self.resolve(node, v)?)),
            None => Ok(None),
        }
    }

    fn resolve(&mut self, node: Node, value: &str) -> Result<QName, Error> {
        let mut q = self.x.qname(node, value)?;
        if q.ns.is_none() {
            q.ns.clone_from(&self.chameleon);
        }
        if q.ns.is_none() && self.fallback.is_some() && !value.contains(':') {
            q.ns.clone_from(&self.fallback);
            self.fallback_used = true;
        }
        Ok(q)
    }

    fn required(&self, node: Node, name: &str) -> Result<String, Error> {
        node.attribute(name).map(str::to_owned).ok_or_else(|| {
            self.err(
                node,
                format!("xs:{} needs a `{name}` attribute", node.tag_name().name()),
            )
        })
    }

    fn doc(&self, node: Node) -> Option<String> {
        let mut parts = Vec::new();
        for a in elements(node).filter(|c| is_xs_named(*c, "annotation")) {
            for d in elements(a).filter(|c| is_xs_named(*c, "documentation")) {
                if let Some(t) = xml::doc_text(d) {
                    parts.push(t);
                }
            }
        }
        xml::join_docs(parts)
    }

    fn global(&mut self, node: Node) -> Result<Option<Global>, Error> {
        if !is_xs(node.tag_name().namespace()) {
            return Ok(None);
        }
        Ok(Some(match node.tag_name().name() {
            "element" => {
                self.required(node, "name")?;
                Global::Element(self.element(node)?)
            }
            "complexType" => {
                self.required(node, "name")?;
                Global::Complex(self.complex(node)?)
            }
            "simpleType" => {
                self.required(node, "name")?;
                Global::Simple(self.simple(node)?)
            }
            "group" => {
                let name = self.required(node, "name")?;
                let mut model = None;
                for c in elements(node) {
                    if let Some(Particle::Group(g)) = self.particle(c)? {
                        model = Some(g);
                    }
                }
                Global::Group(NamedGroup {
                    name,
                    pos: self.x.pos(node),
                    doc: self.doc(node),
                    model,
                })
            }
            "attributeGroup" => {
                let name = self.required(node, "name")?;
                let attrs = self.attrs(node)?;
                Global::AttributeGroup(AttributeGroup {
                    name,
                    pos: self.x.pos(node),
                    attrs,
                })
            }
            "attribute" => {
                self.required(node, "name")?;
                Global::Attribute(self.attribute(node)?)
            }
            "annotation" => return Ok(None),
            other => {
                self.note(node, format!("xs:{other} ignored"));
                return Ok(None);
            }
        }))
    }

    fn occurs(&self, node: Node) -> Result<Occ, Error> {
        let min = match node.attribute("minOccurs") {
            Some(v) => v
                .trim()
                .parse::<u32>()
                .map_err(|_| self.err(node, format!("minOccurs `{v}` is not a number")))?,
            None => 1,
        };
        let max = match node.attribute("maxOccurs").map(str::trim) {
            Some("unbounded") => None,
            Some(v) => Some(
                v.parse::<u32>()
                    .map_err(|_| self.err(node, format!("maxOccurs `{v}` is not a number")))?,
            ),
            None => Some(1),
        };
        Ok(Occ { min, max })
    }

    fn form(&self, node: Node) -> Result<Option<bool>, Error> {
        match node.attribute("form") {
            None => Ok(None),
            Some("qualified") => Ok(Some(true)),
            Some("unqualified") => Ok(Some(false)),
            Some(v) => Err(self.err(node, format!("form `{v}` is neither qualified nor unqualified"))),
        }
    }

    fn element(&mut self, node: Node) -> Result<Element, Error> {
        let mut inline = None;
        for c in elements(node) {
            if !is_xs(c.tag_name().namespace()) {
                continue;
            }
            match c.tag_name().name() {
                "complexType" => inline = Some(Box::new(InlineType::Complex(self.complex(c)?))),
                "simpleType" => inline = Some(Box::new(InlineType::Simple(self.simple(c)?))),
                "annotation" => {}
                "unique" | "key" | "keyref" => {
                    self.note(c, format!("identity constraint xs:{} ignored", c.tag_name().name()))
                }
                other => self.note(c, format!("xs:{other} inside xs:element ignored")),
            }
        }
        let mut substitution_group = Vec::new();
        if let Some(v) = node.attribute("substitutionGroup") {
            for s in v.split_whitespace() {
                substitution_group.push(self.resolve(node, s)?);
            }
        }
        Ok(Element {
            pos: self.x.pos(node),
            doc: self.doc(node),
            name: node.attribute("name").map(str::to_owned),
            reference: self.qattr(node, "ref")?,
            type_name: self.qattr(node, "type")?,
            inline,
            occurs: self.occurs(node)?,
            nillable: matches!(node.attribute("nillable"), Some("true" | "1")),
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            form: self.form(node)?,
            is_abstract: matches!(node.attribute("abstract"), Some("true" | "1")),
            substitution_group,
        })
    }

    fn attribute(&mut self, node: Node) -> Result<Attribute, Error> {
        let mut inline = None;
        for c in elements(node) {
            if is_xs_named(c, "simpleType") {
                inline = Some(Box::new(self.simple(c)?));
            }
        }
        let use_ = match node.attribute("use") {
            None | Some("optional") => Use::Optional,
            Some("required") => Use::Required,
            Some("prohibited") => Use::Prohibited,
            Some(v) => {
                return Err(self.err(node, format!("attribute use `{v}` is not optional/required/prohibited")));
            }
        };
        let array_type = match node.attribute((xml::WSDL, "arrayType")) {
            Some(v) => {
                let v = v.trim();
                let split = v.find('[').unwrap_or(v.len());
                Some((self.resolve(node, &v[..split])?, v[split..].to_owned()))
            }
            None => None,
        };
        Ok(Attribute {
            pos: self.x.pos(node),
            doc: self.doc(node),
            name: node.attribute("name").map(str::to_owned),
            reference: self.qattr(node, "ref")?,
            type_name: self.qattr(node, "type")?,
            inline,
            use_,
            default: node.attribute("default").map(str::to_owned),
            fixed: node.attribute("fixed").map(str::to_owned),
            form: self.form(node)?,
            array_type,
        })
    }

    /// Attribute uses among the children of `node` (attribute, attributeGroup, anyAttribute).
    fn attrs(&mut self, node: Node) -> Result<Attrs, Error> {
        let mut attrs = Attrs::default();
        for c in elements(node) {
            if !is_xs(c.tag_name().namespace()) {
                continue;
            }
            match c.tag_name().name() {
                "attribute" => attrs.items.push(AttrItem::Attr(Box::new(self.attribute(c)?))),
                "attributeGroup" => {
                    let reference = self
                        .qattr(c, "ref")?
                        .ok_or_else(|| self.err(c, "a local xs:attributeGroup needs a `ref` attribute"))?;
                    attrs.items.push(AttrItem::Group {
                        reference,
                        pos: self.x.pos(c),
                    });
                }
                "anyAttribute" => attrs.any = Some(self.x.pos(c)),
                "assert" | "assertion" => self.note(c, format!("XSD 1.1 xs:{} ignored", c.tag_name().name())),
                _ => {}
            }
        }
        Ok(attrs)
    }

    /// The particle among the children of `node` (sequence, choice, all, group), if any.
    fn content_particle(&mut self, node: Node) -> Result<Option<Particle>, Error> {
        let mut found = None;
        for c in elements(node) {
            if is_xs(c.tag_name().namespace()) && matches!(c.tag_name().name(), "sequence" | "choice" | "all" | "group")
            {
                found = self.particle(c)?;
            }
        }
        Ok(found)
    }

    fn particle(&mut self, node: Node) -> Result<Option<Particle>, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(node, format!("content nested more than {MAX_DEPTH} deep")));
        }
        let result = self.particle_inner(node);
        self.depth -= 1;
        result
    }

    fn particle_inner(&mut self, node: Node) -> Result<Option<Particle>, Error> {
        if !is_xs(node.tag_name().namespace()) {
            return Ok(None);
        }
        let kind = match node.tag_name().name() {
            "element" => return Ok(Some(Particle::Element(self.element(node)?))),
            "any" => {
                return Ok(Some(Particle::Any {
                    occurs: self.occurs(node)?,
                    pos: self.x.pos(node),
                    doc: self.doc(node),
                }));
            }
            "group" => {
                let reference = self
                    .qattr(node, "ref")?
                    .ok_or_else(|| self.err(node, "a local xs:group needs a `ref` attribute"))?;
                return Ok(Some(Particle::GroupRef {
                    reference,
                    occurs: self.occurs(node)?,
                    pos: self.x.pos(node),
                    doc: self.doc(node),
                }));
            }
            "sequence" => Compositor::Sequence,
            "choice" => Compositor::Choice,
            "all" => Compositor::All,
            "annotation" => return Ok(None),
            other => {
                self.note(node, format!("xs:{other} ignored"));
                return Ok(None);
            }
        };
        let mut items = Vec::new();
        for c in elements(node) {
            if let Some(p) = self.particle(c)? {
                items.push(p);
            }
        }
        Ok(Some(Particle::Group(ModelGroup {
            kind,
            occurs: self.occurs(node)?,
            pos: self.x.pos(node),
            doc: self.doc(node),
            items,
        })))
    }

    fn complex(&mut self, node: Node) -> Result<ComplexType, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(node, format!("types nested more than {MAX_DEPTH} deep")));
        }
        let result = self.complex_inner(node);
        self.depth -= 1;
        result
    }

    fn complex_inner(&mut self, node: Node) -> Result<ComplexType, Error> {
        let mut content = None;
        for c in elements(node) {
            if !is_xs(c.tag_name().namespace()) {
                continue;
            }
            match c.tag_name().name() {
                "simpleContent" | "complexContent" => {
                    let simple = c.tag_name().name() == "simpleContent";
                    let Some(d) = elements(c).find(|d| is_xs_named(*d, "extension") || is_xs_named(*d, "restriction"))
                    else {
                        return Err(self.err(
                            c,
                            format!("xs:{} without extension or restriction", c.tag_name().name()),
                        ));
                    };
                    let base = self
                        .qattr(d, "base")?
                        .ok_or_else(|| self.err(d, format!("xs:{} needs a `base` attribute", d.tag_name().name())))?;
                    let pos = self.x.pos(d);
                    let attrs = self.attrs(d)?;
                    let extension = d.tag_name().name() == "extension";
                    let mixed = matches!(c.attribute("mixed"), Some("true" | "1"));
                    content = Some(match (simple, extension) {
                        (true, true) => Content::SimpleExtension { base, attrs, pos },
                        (true, false) => {
                            let inline = match elements(d).find(|x| is_xs_named(*x, "simpleType")) {
                                Some(s) => Some(Box::new(self.simple(s)?)),
                                None => None,
                            };
                            let facets = self.facets(d)?;
                            Content::SimpleRestriction {
                                base,
                                inline,
                                facets,
                                attrs,
                                pos,
                            }
                        }
                        (false, true) => Content::ComplexExtension {
                            base,
                            mixed,
                            particle: self.content_particle(d)?,
                            attrs,
                            pos,
                        },
                        (false, false) => Content::ComplexRestriction {
                            base,
                            mixed,
                            particle: self.content_particle(d)?,
                            attrs,
                            pos,
                        },
                    });
                }
                "openContent" => self.note(c, "XSD 1.1 xs:openContent ignored".into()),
                _ => {}
            }
        }
        let content = match content {
            Some(c) => c,
            None => Content::Plain {
                particle: self.content_particle(node)?,
                attrs: self.attrs(node)?,
            },
        };
        Ok(ComplexType {
            pos: self.x.pos(node),
            doc: self.doc(node),
            name: node.attribute("name").map(str::to_owned),
            is_abstract: matches!(node.attribute("abstract"), Some("true" | "1")),
            mixed: matches!(node.attribute("mixed"), Some("true" | "1")),
            content,
        })
    }

    fn simple(&mut self, node: Node) -> Result<SimpleType, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(node, format!("types nested more than {MAX_DEPTH} deep")));
        }
        let result = self.simple_inner(node);
        self.depth -= 1;
        result
    }

    fn simple_inner(&mut self, node: Node) -> Result<SimpleType, Error> {
        let mut variety = None;
        for c in elements(node) {
            if !is_xs(c.tag_name().namespace()) {
                continue;
            }
            match c.tag_name().name() {
                "restriction" => {
                    let inline_base = match elements(c).find(|x| is_xs_named(*x, "simpleType")) {
                        Some(s) => Some(Box::new(self.simple(s)?)),
                        None => None,
                    };
                    let base = self.qattr(c, "base")?;
                    if base.is_none() && inline_base.is_none() {
                        return Err(self.err(c, "xs:restriction needs a `base` attribute or an inline xs:simpleType"));
                    }
                    variety = Some(Variety::Restriction {
                        base,
                        inline_base,
                        facets: Box::new(self.facets(c)?),
                    });
                }
                "list" => {
                    let inline_item = match elements(c).find(|x| is_xs_named(*x, "simpleType")) {
                        Some(s) => Some(Box::new(self.simple(s)?)),
                        None => None,
                    };
                    let item = self.qattr(c, "itemType")?;
                    if item.is_none() && inline_item.is_none() {
                        return Err(self.err(c, "xs:list needs an `itemType` attribute or an inline xs:simpleType"));
                    }
                    variety = Some(Variety::List { item, inline_item });
                }
                "union" => {
                    let mut members = Vec::new();
                    if let Some(v) = c.attribute("memberTypes") {
                        for m in v.split_whitespace() {
                            members.push(self.resolve(c, m)?);
                        }
                    }
                    let mut inline = Vec::new();
                    for s in elements(c).filter(|x| is_xs_named(*x, "simpleType")) {
                        inline.push(self.simple(s)?);
                    }
                    variety = Some(Variety::Union { members, inline });
                }
                _ => {}
            }
        }
        let variety = variety.ok_or_else(|| self.err(node, "xs:simpleType without restriction, list or union"))?;
        Ok(SimpleType {
            pos: self.x.pos(node),
            doc: self.doc(node),
            name: node.attribute("name").map(str::to_owned),
            variety,
        })
    }

    fn facets(&mut self, node: Node) -> Result<Restriction, Error> {
        let mut r = Restriction::default();
        let mut ignored = Vec::new();
        for c in elements(node) {
            if !is_xs(c.tag_name().namespace()) {
                continue;
            }
            let name = c.tag_name().name();
            if matches!(
                name,
                "simpleType" | "annotation" | "attribute" | "attributeGroup" | "anyAttribute"
            ) {
                continue;
            }
            let value = || {
                c.attribute("value")
                    .ok_or_else(|| self.err(c, format!("xs:{name} needs a `value` attribute")))
            };
            let num = |v: &str| {
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| self.err(c, format!("xs:{name} value `{v}` is not a non-negative integer")))
            };
            let f = &mut r.facets;
            match name {
                "enumeration" => r.enums.push(EnumVal {
                    value: value()?.to_owned(),
                    doc: self.doc(c),
                }),
                "length" => f.length = Some(num(value()?)?),
                "minLength" => f.min_length = Some(num(value()?)?),
                "maxLength" => f.max_length = Some(num(value()?)?),
                "pattern" => f.patterns.push(value()?.to_owned()),
                "minInclusive" => f.min_inclusive = Some(value()?.trim().to_owned()),
                "maxInclusive" => f.max_inclusive = Some(value()?.trim().to_owned()),
                "minExclusive" => f.min_exclusive = Some(value()?.trim().to_owned()),
                "maxExclusive" => f.max_exclusive = Some(value()?.trim().to_owned()),
                "totalDigits" => f.total_digits = Some(u32::try_from(num(value()?)?).unwrap_or(u32::MAX)),
                "fractionDigits" => f.fraction_digits = Some(u32::try_from(num(value()?)?).unwrap_or(u32::MAX)),
                other => ignored.push((self.x.pos(c), format!("facet xs:{other} ignored"))),
            }
        }
        self.notes.extend(ignored);
        Ok(r)
    }
}

fn is_xs_named(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && is_xs(node.tag_name().namespace())
}
