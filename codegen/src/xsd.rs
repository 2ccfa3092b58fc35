//! Front-end: XML Schema 1.0 (with the XSD 1.1 `xs:override`), alone or inside WSDL.
//!
//! Two stages: `raw` turns each schema element into owned structures with every
//! qualified name resolved; `lower` declares every global component in the model's arena
//! and then defines each one. [`load`] finds the files (imports, includes, redefines; the
//! catalog maps URLs to files), `builtin` knows the namespaces that need no file.

pub(crate) mod builtin;
pub(crate) mod dtd;
pub(crate) mod load;
pub(crate) mod lower;
pub(crate) mod raw;
pub(crate) mod xml;

#[cfg(test)]
mod tests;

use crate::model::{Model, Position, Source, SpecInfo};
use crate::{Error, SpecFiles};

/// Parse and lower the spec set whose entry is `info.entry` (an `xs:schema` document).
pub fn load(info: SpecInfo, files: &SpecFiles) -> Result<Model, Error> {
    let mut set = load::SchemaSet::new(files);
    let manifest = Source {
        file: "(manifest)".into(),
        at: Position::File,
    };
    set.load_file(&info.entry, None, &manifest)?;
    let mut lw = lower::Lowerer::new(info, &set);
    lw.lower_all()?;
    if lw.b.model.spec.doc.is_none() {
        lw.b.model.spec.doc = xml::join_docs(set.schema_docs());
    }
    lw.finish()
}
