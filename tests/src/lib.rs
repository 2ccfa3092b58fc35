//! Helpers shared by the workspace tests: a loopback HTTP server that records what a
//! client sends and answers with canned responses.

pub mod server;
