//! The one error type of the library: every variant says where.

use crate::model::Source;

/// A failure to read a spec or to emit code for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The spec is malformed or breaks its language's rules.
    Spec {
        /// Where.
        source: Source,
        /// What.
        message: String,
    },
    /// A construct the generator does not support (and could not keep as opaque).
    Unsupported {
        /// Where.
        source: Source,
        /// Which construct, and what would be needed.
        construct: String,
    },
    /// A file the spec refers to is not in the set handed to the generator.
    MissingFile {
        /// The path or URL as written.
        path: String,
        /// Where the reference was.
        referenced_from: Source,
    },
    /// The generator produced tokens that do not parse as Rust (a bug in the generator).
    Emit {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// A located spec error.
    pub fn spec(source: Source, message: impl Into<String>) -> Self {
        Error::Spec {
            source,
            message: message.into(),
        }
    }

    /// Where the error is (for an emit error: the output file).
    pub fn location(&self) -> Source {
        match self {
            Error::Spec { source, .. } | Error::Unsupported { source, .. } => source.clone(),
            Error::MissingFile { referenced_from, .. } => referenced_from.clone(),
            Error::Emit { file, .. } => Source {
                file: file.clone(),
                at: crate::model::Position::File,
            },
        }
    }

    /// What the error says, without its location.
    pub fn message(&self) -> String {
        match self {
            Error::Spec { message, .. } => message.clone(),
            Error::Unsupported { construct, .. } => format!("unsupported: {construct}"),
            Error::MissingFile { path, .. } => {
                format!("`{path}` is not in the spec set (no such file, and no catalog entry maps it)")
            }
            Error::Emit { message, .. } => format!("generated code does not parse as Rust: {message}"),
        }
    }

    /// A located "not supported" error.
    pub fn unsupported(source: Source, construct: impl Into<String>) -> Self {
        Error::Unsupported {
            source,
            construct: construct.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Emit { file, message } => write!(f, "generated {file} does not parse as Rust: {message}"),
            _ => write!(f, "{}: {}", self.location(), self.message()),
        }
    }
}

impl std::error::Error for Error {}
