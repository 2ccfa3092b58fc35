//! Generated code: do not edit. Regenerate with `cargo xtask codegen`.
