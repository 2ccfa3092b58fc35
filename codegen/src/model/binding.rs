//! The protocol edge of an [`Operation`](super::Operation): [`Binding`] and what it holds,
//! the SOAP binding (version, style, use, messages, parts, faults) and the HTTP binding
//! (method, path, parameters, body, responses).

use super::{SecurityScheme, TypeId};

/// The protocol edge of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// SOAP over HTTP POST.
    Soap(SoapBinding),
    /// Plain HTTP (REST).
    Http(HttpBinding),
}

/// SOAP envelope version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, SOAPAction header).
    V11,
    /// SOAP 1.2 (`application/soap+xml; action=…`).
    V12,
}

/// WSDL binding style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapStyle {
    /// document: the body holds the part elements.
    Document,
    /// rpc: the body holds a wrapper named after the operation.
    Rpc,
}

/// WSDL body `use`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapUse {
    /// literal.
    Literal,
    /// encoded (SOAP section 5).
    Encoded,
}

/// A SOAP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapBinding {
    /// Envelope version.
    pub version: SoapVersion,
    /// SOAPAction (`None` when the binding declares none; `Some("")` when it declares empty).
    pub action: Option<String>,
    /// Binding style.
    pub style: SoapStyle,
    /// Body use.
    pub body_use: SoapUse,
    /// Request body.
    pub input: SoapMessage,
    /// Response body; `None` for one-way operations.
    pub output: Option<SoapMessage>,
    /// SOAP header parts sent with the request.
    pub headers: Vec<SoapPart>,
    /// SOAP header parts the response carries (read into the outcome next to the body).
    pub output_headers: Vec<SoapPart>,
    /// Declared faults.
    pub faults: Vec<SoapFault>,
    /// The binding requires WS-Addressing headers (`wsaw:UsingAddressing required`).
    pub addressing: bool,
    /// The `wsa:Action` of the request when WS-Addressing is used: the portType input's
    /// explicit action, or the default action pattern of WS-Addressing 1.0 Metadata §4.4.
    pub addressing_action: Option<String>,
}

/// What a SOAP message's body holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapMessage {
    /// rpc: the wrapper element's name and namespace; document: `None`.
    pub wrapper: Option<(Option<String>, String)>,
    /// The parts in order.
    pub parts: Vec<SoapPart>,
}

/// One message part.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapPart {
    /// Part name.
    pub name: String,
    /// The element name written for this part: for a part given by `element` the global
    /// element's name and namespace (in either style); for a part given by `type` the part
    /// name, unqualified.
    pub element: (Option<String>, String),
    /// The content type (for an element part: the element's type).
    pub ty: TypeId,
}

/// A declared SOAP fault.
#[derive(Debug, Clone, PartialEq)]
pub struct SoapFault {
    /// Fault name in the WSDL.
    pub name: String,
    /// The detail element.
    pub detail: SoapPart,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A REST operation.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpBinding {
    /// Method.
    pub method: Method,
    /// Path template relative to the base URL, with `{name}` placeholders (`/ci/comprovativos-pagamento/{ano-pagamento}`).
    pub path: String,
    /// Parameters, in spec order (path parameters first is not required).
    pub params: Vec<Param>,
    /// Request body (not for forms: their fields are the [`ParamLocation::Form`] parameters).
    pub body: Option<Body>,
    /// The media type of the body the form fields make (`application/x-www-form-urlencoded`
    /// or `multipart/form-data`); `None` when the operation has no form fields.
    pub form: Option<String>,
    /// Responses by status.
    pub responses: Vec<Response>,
    /// Security alternatives for this operation (empty: as the service).
    pub security: Vec<SecurityScheme>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
    /// A form field (Swagger 2 formData; a property of an OpenAPI 3 form or multipart body).
    Form,
}

/// One HTTP parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Type (the item type when `list`).
    pub ty: TypeId,
    /// Must be given.
    pub required: bool,
    /// Repeated value (array parameter).
    pub list: bool,
    /// How the values of an array parameter travel.
    pub array_style: ArrayStyle,
    /// The marks of a path parameter (OpenAPI 3 `label` and `matrix`); `Simple` elsewhere.
    pub path_style: PathStyle,
    /// OpenAPI 3 `explode`: an object's members travel as `name=value` pairs (and, in a
    /// form, as fields of their own) rather than as one list of names and values.
    pub explode: bool,
    /// A form field whose value is raw bytes (Swagger 2 `type: file`, OpenAPI 3 `format:
    /// binary`): a file part in a multipart body.
    pub file: bool,
    /// A form field's media type in a multipart body (OpenAPI 3 `encoding.contentType`);
    /// `None`: `text/plain` for text, `application/json` for structured values,
    /// `application/octet-stream` for files.
    pub content_type: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Example value (`x-example` / `example`).
    pub example: Option<String>,
    /// Rust argument name, set by the naming pass.
    pub rust_name: String,
}

/// How the values of an array parameter, or the members of an object in the query, travel
/// (Swagger 2.0 `collectionFormat`, OpenAPI 3 `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArrayStyle {
    /// One text with the values joined by this separator (`csv` `,`, `ssv` ` `, `tsv` `\t`,
    /// `pipes` `|`; OpenAPI `form`/`simple` without explode, `spaceDelimited`,
    /// `pipeDelimited`); an object's keys and values alternate in it.
    Joined(char),
    /// The parameter repeated once per value (`multi`; OpenAPI `form` with explode, the
    /// default for query parameters); an object's members each as `key=value`.
    Repeated,
    /// An object's members as `name[key]=value` (OpenAPI 3 `deepObject`, query only).
    Deep,
    /// Not an array parameter.
    #[default]
    Single,
}

/// How a path parameter's value is marked in the path (OpenAPI 3 `style`, RFC 6570 levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathStyle {
    /// The value alone (`5`, `1,2`): Swagger 2.0, and the OpenAPI 3 default.
    #[default]
    Simple,
    /// After a dot (`.5`, `.1,2`, exploded `.1.2`).
    Label,
    /// As a matrix parameter (`;id=5`, `;id=1,2`, exploded `;id=1;id=2`).
    Matrix,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Media type (`application/json`, `multipart/form-data`, …).
    pub content_type: String,
    /// Type of the body.
    pub ty: TypeId,
    /// Must be given.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (the digit: 1–5).
    Range(u8),
    /// Every status not listed.
    Default,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Statuses covered.
    pub status: Status,
    /// Media type of the body, if any.
    pub content_type: Option<String>,
    /// Body type; `None` = no body.
    pub ty: Option<TypeId>,
    /// Declared response headers, in spec order.
    pub headers: Vec<ResponseHeader>,
    /// Documentation.
    pub doc: Option<String>,
    /// Rust variant name, set by the naming pass.
    pub rust_name: String,
}

/// A header a response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Header name as the spec spells it.
    pub wire: String,
    /// Type of its value (a scalar; an array header is read as its text).
    pub ty: TypeId,
    /// The spec says it is always sent.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}
