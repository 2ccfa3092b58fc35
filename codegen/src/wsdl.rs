//! Front-end: WSDL 1.1 with SOAP 1.1 / SOAP 1.2 bindings.
//!
//! `raw` reads each `wsdl:definitions` document (following `wsdl:import`s, cycles
//! terminate) and hands its inline schemas to the XSD front-end's `SchemaSet`; the schemas
//! are lowered by `crate::xsd`; `lower` then builds one `crate::model::Service` per
//! SOAP port.

pub(crate) mod lower;
pub(crate) mod raw;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, Position, Source, SpecInfo, Warning};
use crate::xsd::load::{FailedImport, SchemaSet};
use crate::xsd::xml::{self, XmlFile, is_xs};
use crate::{Error, SpecFiles};

/// Parse and lower the spec set whose entry is `info.entry` (a WSDL 1.1 document).
pub fn load(info: SpecInfo, files: &SpecFiles) -> Result<Model, Error> {
    let mut set = SchemaSet::new(files);
    let mut docs = Docs::default();
    let manifest = Source {
        file: "(manifest)".into(),
        at: Position::File,
    };
    docs.load(&mut set, &info.entry, &manifest)?;
    let mut lw = crate::xsd::lower::Lowerer::new(info, &set);
    lw.lower_all()?;
    lw.b.model.warnings.append(&mut docs.warnings);
    if lw.b.model.spec.doc.is_none() {
        // The entry's own documentation, then that of its schemas.
        let mut parts: Vec<String> = docs.docs.first().and_then(|d| d.doc.clone()).into_iter().collect();
        parts.extend(set.schema_docs());
        lw.b.model.spec.doc = xml::join_docs(parts);
    }
    lower::services(&mut lw, &docs)?;
    lw.finish()
}

/// Every WSDL document of a spec set, in load order.
#[derive(Debug, Default)]
pub(crate) struct Docs {
    pub docs: Vec<raw::WsdlDoc>,
    visited: BTreeSet<String>,
    /// Namespace → a `wsdl:import` of it whose file is missing.
    pub failed: BTreeMap<Option<String>, FailedImport>,
    /// Well-known WSDL namespaces whose file is missing (their bindings are skipped).
    pub external: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
}

impl Docs {
    fn load(&mut self, set: &mut SchemaSet, path: &str, from: &Source) -> Result<(), Error> {
        if !self.visited.insert(path.to_owned()) {
            return Ok(());
        }
        let bytes = set.files.get(path).ok_or_else(|| Error::MissingFile {
            path: path.to_owned(),
            referenced_from: from.clone(),
        })?;
        let text = crate::text::decode_xml(path, bytes)?;
        let doc = xml::parse_document(path, &text)?;
        let root = doc.root_element();
        if is_xs(root.tag_name().namespace()) && root.tag_name().name() == "schema" {
            // A wsdl:import of a schema document.
            drop(doc);
            set.load_file(path, None, from)?;
            return Ok(());
        }
        let x = XmlFile::new(path, &doc);
        if root.tag_name().name() == "description" {
            return Err(Error::unsupported(
                x.source(root),
                "WSDL 2.0 (only WSDL 1.1 is supported)",
            ));
        }
        if !xml::is(root, xml::WSDL, "definitions") {
            return Err(x.error(
                root,
                format!("expected wsdl:definitions, found `{}`", root.tag_name().name()),
            ));
        }
        let parsed = raw::parse(&x, root, set)?;
        drop(doc);
        let imports = parsed.imports.clone();
        let file = parsed.file.clone();
        self.docs.push(parsed);
        for imp in imports {
            let src = imp.pos.source(&file);
            let Some(loc) = imp.location.as_deref() else {
                continue;
            };
            let ns = imp.namespace.clone().filter(|s| !s.is_empty());
            match set.files.resolve(&file, loc) {
                Some(target) => self.load(set, &target, &src)?,
                None => {
                    if let Some(ns) = ns
                        .as_deref()
                        .filter(|ns| crate::xsd::builtin::is_well_known_external(ns))
                    {
                        self.external.insert(ns.to_owned(), loc.to_owned());
                        self.warnings.push(Warning {
                            source: src,
                            message: format!(
                                "well-known WSDL `{loc}` (namespace {ns}) is not in the spec set: bindings and faults that need it are skipped (map the URL in the catalog to use it)"
                            ),
                        });
                        // Its schema namespace, if any, is opaque too.
                        set.external.entry(ns.to_owned()).or_insert_with(|| loc.to_owned());
                    } else {
                        self.warnings.push(Warning {
                            source: src.clone(),
                            message: format!(
                                "wsdl:import of `{loc}` is not in the spec set; anything used from it is an error"
                            ),
                        });
                        self.failed.entry(ns).or_insert(FailedImport {
                            location: loc.to_owned(),
                            source: src,
                        });
                    }
                }
            }
        }
        Ok(())
    }
}
