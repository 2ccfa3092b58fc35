//! The spec front-ends: bytes in, generated code or a located error out. A panic, an abort,
//! an error that names no place or generated code that does not parse is a finding.

use psi_codegen::{Error, Options, SpecFiles, SpecInput, SpecKind};

fn generate(entry: &str, kind: SpecKind, data: &[u8]) {
    let mut files = SpecFiles::new();
    files.insert(entry, data);
    let input = SpecInput {
        id: "fuzz".into(),
        title: "Fuzz".into(),
        kind: Some(kind),
        entry: entry.into(),
        ..SpecInput::default()
    };
    let model = match psi_codegen::load(&input, &files) {
        Ok(model) => model,
        Err(e) => {
            // Every load error says where: the file, then a position or a JSON pointer.
            assert!(e.to_string().starts_with(entry), "unlocated error: {e}");
            return;
        }
    };
    if let Err(e @ Error::Emit { .. }) = psi_codegen::generate(vec![(input, model)], &Options::default()) {
        panic!("{e}");
    }
}

/// WSDL 1.1 with its XSD.
pub fn wsdl(data: &[u8]) {
    generate("fuzz.wsdl", SpecKind::Wsdl, data);
}

/// A bare XSD.
pub fn xsd(data: &[u8]) {
    generate("fuzz.xsd", SpecKind::Xsd, data);
}

/// Swagger 2.0 (YAML or JSON).
pub fn swagger2(data: &[u8]) {
    generate("fuzz.yaml", SpecKind::Swagger2, data);
}

/// OpenAPI 3.0 (YAML or JSON).
pub fn openapi3(data: &[u8]) {
    generate("fuzz.yaml", SpecKind::OpenApi3, data);
}
