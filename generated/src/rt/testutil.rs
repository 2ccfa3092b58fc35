//! A fake transport for the runtime's tests: canned responses, recorded requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::rt::transport::{HttpRequest, HttpResponse, Transport, TransportError};

#[derive(Debug, Default)]
pub struct FakeTransport {
    responses: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl FakeTransport {
    pub fn new(responses: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
        Arc::new(FakeTransport {
            responses: Mutex::new(responses.into()),
            requests: Mutex::default(),
        })
    }

    /// One response with this status, content type and body.
    pub fn replying(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Arc<Self> {
        Self::new(vec![Ok(response(status, content_type, body))])
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap().clone()
    }

    pub fn last(&self) -> HttpRequest {
        self.requests.lock().unwrap().last().cloned().expect("no request sent")
    }
}

pub fn response(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.lock().unwrap().push(request);
        self.responses
            .lock()
            .unwrap()
            .pop_front()
            .expect("no canned response left")
    }
}
