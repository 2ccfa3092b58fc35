//! Front-end: xsd (being written).

use crate::model::{Model, SpecInfo};
use crate::{Error, SpecFiles};

/// Parse and lower the spec set whose entry is `info.entry`.
pub fn load(info: SpecInfo, files: &SpecFiles) -> Result<Model, Error> {
    let _ = files;
    Err(Error::unsupported(crate::model::Source { file: info.entry, at: crate::model::Position::File }, "front-end not written yet"))
}
