//! Finding and parsing every schema document a spec set needs: imports, includes (chameleon
//! ones too), redefines/overrides; cycles terminate; each file is parsed once.

use std::collections::BTreeMap;

use super::builtin;
use super::raw::{self, DirectiveKind, Global, Schema};
use super::xml::{self, XmlFile, is_xs};
use crate::model::{Source, Warning};
use crate::{Error, SpecFiles};

/// An import whose file is not in the set.
#[derive(Debug, Clone)]
pub(crate) struct FailedImport {
    /// `schemaLocation` as written.
    pub location: String,
    /// The import element.
    pub source: Source,
}

/// Every schema document loaded for one spec set.
#[derive(Debug)]
pub(crate) struct SchemaSet<'f> {
    pub files: &'f SpecFiles,
    /// Parsed schemas in load order.
    pub schemas: Vec<Schema>,
    /// (file, chameleon namespace) → schemas parsed from it.
    loaded: BTreeMap<(String, Option<String>), Vec<usize>>,
    /// File → its own targetNamespace (once parsed).
    own_tns: BTreeMap<String, Option<String>>,
    /// Namespace → first import of it whose file is missing.
    pub failed_imports: BTreeMap<Option<String>, FailedImport>,
    /// Namespace → first import of it without schemaLocation.
    pub location_less: BTreeMap<Option<String>, Source>,
    /// Well-known namespaces whose schema is not in the set: their components are opaque.
    pub external: BTreeMap<String, String>,
    /// Findings for the model.
    pub warnings: Vec<Warning>,
}

impl<'f> SchemaSet<'f> {
    pub(crate) fn new(files: &'f SpecFiles) -> Self {
        SchemaSet {
            files,
            schemas: Vec::new(),
            loaded: BTreeMap::new(),
            own_tns: BTreeMap::new(),
            failed_imports: BTreeMap::new(),
            location_less: BTreeMap::new(),
            external: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// True when some loaded schema has this target namespace.
    pub(crate) fn defines_namespace(&self, ns: Option<&str>) -> bool {
        self.schemas.iter().any(|s| s.tns.as_deref() == ns)
    }

    /// Load a schema file (or the inline schemas of a WSDL file) and everything it needs.
    pub(crate) fn load_file(
        &mut self,
        path: &str,
        chameleon: Option<&str>,
        from: &Source,
    ) -> Result<Vec<usize>, Error> {
        let key_cham = match self.own_tns.get(path) {
            Some(Some(_)) => None,
            _ => chameleon.map(str::to_owned),
        };
        if let Some(found) = self.loaded.get(&(path.to_owned(), key_cham)) {
            return Ok(found.clone());
        }
        let bytes = self.files.get(path).ok_or_else(|| Error::MissingFile {
            path: path.to_owned(),
            referenced_from: from.clone(),
        })?;
        let text = crate::text::decode_xml(path, bytes)?;
        let doc = xml::parse_document(path, &text)?;
        let x = XmlFile::new(path, &doc);
        let root = doc.root_element();
        let own = root
            .attribute("targetNamespace")
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let is_schema = is_xs(root.tag_name().namespace()) && root.tag_name().name() == "schema";
        let own_for_key = if is_schema { own.clone() } else { Some(String::new()) };
        self.own_tns.insert(path.to_owned(), own_for_key.clone());
        let key = (
            path.to_owned(),
            if own_for_key.is_some() {
                None
            } else {
                chameleon.map(str::to_owned)
            },
        );
        if let Some(found) = self.loaded.get(&key) {
            return Ok(found.clone());
        }
        let nodes: Vec<roxmltree::Node> = if is_schema {
            vec![root]
        } else if xml::is(root, xml::WSDL, "definitions") {
            xml::elements(root)
                .filter(|n| xml::is(*n, xml::WSDL, "types"))
                .flat_map(xml::elements)
                .filter(|n| is_xs(n.tag_name().namespace()) && n.tag_name().name() == "schema")
                .collect()
        } else {
            return Err(x.error(
                root,
                format!(
                    "expected an xs:schema (or wsdl:definitions), found `{}`",
                    root.tag_name().name()
                ),
            ));
        };
        // Register before following directives so that cycles terminate.
        let first = self.schemas.len();
        let indices: Vec<usize> = (first..first + nodes.len()).collect();
        self.loaded.insert(key, indices.clone());
        for node in nodes {
            let schema = raw::parse_schema(&x, node, if is_schema { chameleon } else { None })?;
            self.push(schema);
        }
        drop(doc);
        for i in indices.clone() {
            self.follow(i)?;
        }
        Ok(indices)
    }

    /// The documentation of the schemas themselves, in load order, each text once.
    pub(crate) fn schema_docs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in self.schemas.iter().filter_map(|s| s.doc.as_deref()) {
            if !out.iter().any(|o| o == d) {
                out.push(d.to_owned());
            }
        }
        out
    }

    /// Add the inline schemas of a WSDL document (already parsed by the WSDL front-end).
    pub(crate) fn add_inline(&mut self, x: &XmlFile, nodes: &[roxmltree::Node]) -> Result<Vec<usize>, Error> {
        let first = self.schemas.len();
        let indices: Vec<usize> = (first..first + nodes.len()).collect();
        self.own_tns.insert(x.file.to_owned(), Some(String::new()));
        self.loaded
            .entry((x.file.to_owned(), None))
            .or_default()
            .extend(indices.iter().copied());
        for node in nodes {
            let schema = raw::parse_schema(x, *node, None)?;
            self.push(schema);
        }
        for i in indices.clone() {
            self.follow(i)?;
        }
        Ok(indices)
    }

    fn push(&mut self, mut schema: Schema) {
        for (pos, message) in std::mem::take(&mut schema.notes) {
            self.warnings.push(Warning {
                source: pos.source(&schema.file),
                message,
            });
        }
        self.schemas.push(schema);
    }

    /// Follow the import/include/redefine directives of schema `i`.
    fn follow(&mut self, i: usize) -> Result<(), Error> {
        let directives = std::mem::take(&mut self.schemas[i].directives);
        let file = self.schemas[i].file.clone();
        let tns = self.schemas[i].tns.clone();
        for d in &directives {
            let src = d.pos.source(&file);
            match d.kind {
                DirectiveKind::Import => self.import(&file, d.namespace.as_deref(), d.location.as_deref(), src)?,
                DirectiveKind::Include | DirectiveKind::Redefine | DirectiveKind::Override => {
                    let what = match d.kind {
                        DirectiveKind::Include => "xs:include",
                        DirectiveKind::Redefine => "xs:redefine",
                        _ => "xs:override",
                    };
                    let loc = d.location.as_deref().ok_or_else(|| {
                        Error::spec(src.clone(), format!("{what} needs a `schemaLocation` attribute"))
                    })?;
                    let path = self.files.resolve(&file, loc).ok_or_else(|| Error::MissingFile {
                        path: loc.to_owned(),
                        referenced_from: src.clone(),
                    })?;
                    let targets = self.load_file(&path, tns.as_deref(), &src)?;
                    if let Some(t) = targets.iter().find(|t| self.schemas[**t].tns != tns) {
                        // Not valid XSD; read it as an import.
                        let message = format!(
                            "{what} of `{loc}`, whose targetNamespace `{}` differs from `{}`, is read as an xs:import",
                            self.schemas[*t].tns.as_deref().unwrap_or(""),
                            tns.as_deref().unwrap_or("")
                        );
                        self.warnings.push(Warning {
                            source: src.clone(),
                            message,
                        });
                        continue;
                    }
                    if d.kind != DirectiveKind::Include {
                        self.redefine(i, &targets, d, &src)?;
                    }
                }
            }
        }
        self.schemas[i].directives = directives;
        Ok(())
    }

    fn import(&mut self, file: &str, ns: Option<&str>, location: Option<&str>, src: Source) -> Result<(), Error> {
        let ns = ns.filter(|s| !s.is_empty());
        let Some(loc) = location else {
            self.location_less.entry(ns.map(str::to_owned)).or_insert(src);
            return Ok(());
        };
        if let Some(path) = self.files.resolve(file, loc) {
            self.load_file(&path, None, &src)?;
            return Ok(());
        }
        if builtin::is_builtin_namespace(ns) {
            return Ok(());
        }
        if let Some(ns) = ns.filter(|ns| builtin::is_well_known_external(ns)) {
            if !self.external.contains_key(ns) {
                self.external.insert(ns.to_owned(), loc.to_owned());
                self.warnings.push(Warning {
                    source: src,
                    message: format!(
                        "well-known schema `{loc}` (namespace {ns}) is not in the spec set: its components are kept as opaque XML (map the URL in the catalog to model them)"
                    ),
                });
            }
            return Ok(());
        }
        self.warnings.push(Warning {
            source: src.clone(),
            message: format!(
                "import of `{loc}` (namespace {}) is not in the spec set; anything used from that namespace is an error (in lenient mode, raw XML)",
                ns.unwrap_or("(none)")
            ),
        });
        self.failed_imports
            .entry(ns.map(str::to_owned))
            .or_insert(FailedImport {
                location: loc.to_owned(),
                source: src,
            });
        Ok(())
    }

    /// Apply an xs:redefine / xs:override of schema `i` onto the loaded `targets`.
    fn redefine(&mut self, i: usize, targets: &[usize], d: &raw::Directive, src: &Source) -> Result<(), Error> {
        let tns = self.schemas[i].tns.clone();
        for component in &d.components {
            let name = component.name().to_owned();
            let same_kind =
                |g: &Global| std::mem::discriminant(g) == std::mem::discriminant(component) && g.name() == name;
            let mut found = false;
            for t in targets {
                let globals = &mut self.schemas[*t].globals;
                if let Some(at) = globals.iter().position(same_kind) {
                    found = true;
                    if d.kind == DirectiveKind::Override {
                        globals.remove(at);
                        continue;
                    }
                    let renamed = format!("{name}__redefined");
                    let mut component = component.clone();
                    match (&mut globals[at], &mut component) {
                        (Global::Complex(orig), Global::Complex(new)) => {
                            orig.name = Some(renamed.clone());
                            retarget_complex(new, &tns, &name, &renamed);
                        }
                        (Global::Simple(orig), Global::Simple(new)) => {
                            orig.name = Some(renamed.clone());
                            if let raw::Variety::Restriction { base: Some(b), .. } = &mut new.variety
                                && b.ns == tns
                                && b.name == name
                            {
                                b.name = renamed.clone();
                            }
                        }
                        _ => {
                            return Err(Error::unsupported(
                                src.clone(),
                                format!("xs:redefine of the group `{name}` (only types can be redefined)"),
                            ));
                        }
                    }
                    self.schemas[i].globals.push(component);
                }
            }
            if d.kind == DirectiveKind::Override && found {
                self.schemas[i].globals.push(component.clone());
            }
            if !found {
                let what = if d.kind == DirectiveKind::Override {
                    "xs:override"
                } else {
                    "xs:redefine"
                };
                if d.kind == DirectiveKind::Override {
                    // Overriding a component that does not exist adds it.
                    self.schemas[i].globals.push(component.clone());
                } else {
                    return Err(Error::spec(
                        src.clone(),
                        format!("{what} of `{name}`, which the redefined schema does not define"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn retarget_complex(ct: &mut raw::ComplexType, tns: &Option<String>, name: &str, renamed: &str) {
    use raw::Content::*;
    let base = match &mut ct.content {
        Plain { .. } => return,
        SimpleExtension { base, .. }
        | SimpleRestriction { base, .. }
        | ComplexExtension { base, .. }
        | ComplexRestriction { base, .. } => base,
    };
    if base.ns == *tns && base.name == name {
        base.name = renamed.to_owned();
    }
}
