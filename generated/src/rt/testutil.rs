//! A fake transport for the runtime's tests: canned responses, recorded requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

pub use crate::rt::transport::response;
use crate::rt::transport::{Request, Response, Transport, TransportError};

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub url: String,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::rt::transport::header(&self.headers, name)
    }
}

#[derive(Debug, Default)]
pub struct FakeTransport {
    responses: Mutex<VecDeque<Result<Response, TransportError>>>,
    requests: Mutex<Vec<Seen>>,
}

impl FakeTransport {
    pub fn new(responses: Vec<Result<Response, TransportError>>) -> Arc<Self> {
        Arc::new(FakeTransport {
            responses: Mutex::new(responses.into()),
            requests: Mutex::default(),
        })
    }

    /// One response with this status, content type and body.
    pub fn replying(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Arc<Self> {
        Self::new(vec![Ok(response(status, content_type, body))])
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.requests.lock().unwrap().clone()
    }

    pub fn last(&self) -> Seen {
        self.requests.lock().unwrap().last().cloned().expect("no request sent")
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        let (parts, body) = request.into_parts();
        self.requests.lock().unwrap().push(Seen {
            method: parts.method.to_string(),
            url: parts.uri.to_string(),
            headers: parts.headers,
            body,
        });
        self.responses
            .lock()
            .unwrap()
            .pop_front()
            .expect("no canned response left")
    }
}
