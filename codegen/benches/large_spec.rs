//! How generation time grows with the size of a spec: a WSDL generated here with N complex
//! types (about 250 bytes each, so 20,000 types make 5 MB and 200,000 make 50 MB) is loaded,
//! passed and emitted once per size, each stage timed. A plain `harness = false` bench: it
//! prints, it never asserts on time. Peak memory comes from outside (`/usr/bin/time -v`).
//!
//! ```text
//! cargo bench -p psi-codegen --bench large_spec              # 5 MB and 50 MB
//! cargo bench -p psi-codegen --bench large_spec -- 20000     # one size, by number of types
//! ```
//!
//! The spec: complex types that reference each other (cycles included) and share
//! enumerations, every tenth with an attribute group and a choice, global elements for the
//! messages of 1 operation per 100 types, one SOAP 1.1 binding and one service.

use std::fmt::Write;
use std::time::{Duration, Instant};

use psi_codegen::{Options, SpecFiles, SpecInput, SpecKind};

/// A WSDL with `types` complex types.
fn large_wsdl(types: usize) -> String {
    let enums = (types / 50).max(1);
    let ops = (types / 100).max(1);
    let mut s = String::with_capacity(types * 260 + ops * 600);
    s.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\"\n",
        "  xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"urn:large\" targetNamespace=\"urn:large\">\n",
        "<types>\n<xs:schema targetNamespace=\"urn:large\" elementFormDefault=\"qualified\">\n",
        "<xs:attributeGroup name=\"Meta\"><xs:attribute name=\"versao\" type=\"xs:string\"/></xs:attributeGroup>\n",
    ));
    for e in 0..enums {
        let _ = writeln!(
            s,
            "<xs:simpleType name=\"Codigo{e}\"><xs:restriction base=\"xs:string\">\
             <xs:enumeration value=\"A{e}\"/><xs:enumeration value=\"B{e}\"/><xs:enumeration value=\"C{e}\"/>\
             </xs:restriction></xs:simpleType>"
        );
    }
    for i in 0..types {
        let next = (i * 7 + 1) % types;
        let enum_ = i % enums;
        let _ = write!(
            s,
            "<xs:complexType name=\"Tipo{i}\"><xs:sequence><xs:element name=\"codigo\" type=\"tns:Codigo{enum_}\"/>\
             <xs:element name=\"seguinte\" type=\"tns:Tipo{next}\" minOccurs=\"0\"/>\
             <xs:element name=\"valor\" type=\"xs:decimal\" maxOccurs=\"unbounded\"/>"
        );
        if i % 10 == 0 {
            s.push_str(
                "<xs:choice><xs:element name=\"data\" type=\"xs:date\"/><xs:element name=\"dias\" type=\"xs:int\"/></xs:choice>\
                 </xs:sequence><xs:attributeGroup ref=\"tns:Meta\"/>",
            );
        } else {
            s.push_str("</xs:sequence>");
        }
        s.push_str("<xs:attribute name=\"id\" type=\"xs:int\"/></xs:complexType>\n");
    }
    for o in 0..ops {
        let t = o * 100 % types;
        let _ = writeln!(
            s,
            "<xs:element name=\"Pedido{o}\" type=\"tns:Tipo{t}\"/><xs:element name=\"Resposta{o}\" type=\"tns:Tipo{}\"/>",
            (t + 1) % types
        );
    }
    s.push_str("</xs:schema>\n</types>\n");
    for o in 0..ops {
        let _ = writeln!(
            s,
            "<message name=\"Pedido{o}\"><part name=\"p\" element=\"tns:Pedido{o}\"/></message>\
             <message name=\"Resposta{o}\"><part name=\"p\" element=\"tns:Resposta{o}\"/></message>"
        );
    }
    s.push_str("<portType name=\"Grande\">\n");
    for o in 0..ops {
        let _ = writeln!(
            s,
            "<operation name=\"Operacao{o}\"><input message=\"tns:Pedido{o}\"/><output message=\"tns:Resposta{o}\"/></operation>"
        );
    }
    s.push_str("</portType>\n<binding name=\"GrandeSoap\" type=\"tns:Grande\">\n");
    s.push_str("<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\" style=\"document\"/>\n");
    for o in 0..ops {
        let _ = writeln!(
            s,
            "<operation name=\"Operacao{o}\"><soap:operation soapAction=\"urn:large/Operacao{o}\"/>\
             <input><soap:body use=\"literal\"/></input><output><soap:body use=\"literal\"/></output></operation>"
        );
    }
    s.push_str("</binding>\n<service name=\"Grande\"><port name=\"GrandePort\" binding=\"tns:GrandeSoap\">");
    s.push_str("<soap:address location=\"https://example.invalid/grande\"/></port></service>\n</definitions>\n");
    s
}

fn run(types: usize) {
    let text = large_wsdl(types);
    let mut files = SpecFiles::new();
    files.insert("large.wsdl", text.as_bytes());
    let input = SpecInput {
        id: "large".into(),
        title: "Large".into(),
        kind: Some(SpecKind::Wsdl),
        entry: "large.wsdl".into(),
        provenance: "reconstructed".into(),
        ..SpecInput::default()
    };
    let mut stages = Stages::default();
    let model = stages.time("load", || {
        psi_codegen::load(&input, &files).expect("the generated spec loads")
    });
    let n_types = model.types.len();
    let program = stages.time("passes", || {
        psi_codegen::passes::run(vec![(input, model)]).expect("passes")
    });
    let out = stages.time("emit+format", || {
        psi_codegen::emit::emit(&program, &Options::default()).expect("emits")
    });
    let bytes: usize = out.files.values().map(String::len).sum();
    println!(
        "large-wsdl-{types}: {:.1} MB in, {n_types} model types, {:.1} MB out",
        text.len() as f64 / 1e6,
        bytes as f64 / 1e6,
    );
    println!("  {:<12} {:>10} {:>10}", "stage", "wall", "cpu");
    for (name, wall, cpu) in &stages.0 {
        println!(
            "  {name:<12} {:>8.2} s {:>8.2} s",
            wall.as_secs_f64(),
            cpu.as_secs_f64()
        );
    }
    println!();
}

/// Wall-clock and CPU time of each stage. CPU time (all threads of the process, from
/// `/proc/self/stat`) is the figure to compare across sizes on a busy machine; wall time
/// shows what emission's threads gain.
#[derive(Default)]
struct Stages(Vec<(&'static str, Duration, Duration)>);

impl Stages {
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let (wall, cpu) = (Instant::now(), cpu_time());
        let out = f();
        self.0.push((name, wall.elapsed(), cpu_time().saturating_sub(cpu)));
        out
    }
}

/// CPU time (user + system) of the process so far: zero where `/proc` is missing.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with `)`): utime and stime are the 12th and
    // 13th, in clock ticks (100 per second on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, r)| r)
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn main() {
    let filter: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if filter.is_empty() {
        vec![20_000, 200_000]
    } else {
        filter
    };
    for types in sizes {
        run(types);
    }
}
