//! A small checker of JSON values against the schemas of a Swagger 2.0 file: enough to catch a
//! request body the spec does not allow.
//!
//! Checked: `$ref` to `#/definitions/…`, `type` (integer, number, string, boolean, array,
//! object), `required`, `properties`, `additionalProperties: false`, `items`, `enum`, and the
//! formats `date` (`YYYY-MM-DD`, a real calendar date), `date-time` (starts with a valid date
//! and `T`), `int32` and `int64` (range). Anything else in a schema is ignored.

use std::path::Path;

use serde_json::Value;

/// A loaded Swagger 2.0 document.
#[derive(Debug, Clone)]
pub struct Swagger {
    doc: Value,
}

impl Swagger {
    /// Load a Swagger YAML file, `path` relative to the workspace's `specs/`.
    pub fn load(path: &str) -> Swagger {
        let full = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("specs")
            .join(path);
        let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
        let doc: Value = yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
        assert_eq!(doc["swagger"], "2.0", "{} is not Swagger 2.0", full.display());
        Swagger { doc }
    }

    /// The `basePath`.
    pub fn base_path(&self) -> &str {
        self.doc["basePath"].as_str().unwrap_or("")
    }

    /// The operation object at `path` (as written in `paths`) and `method` (lower case).
    pub fn operation(&self, method: &str, path: &str) -> &Value {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "no operation {method} {path} in the spec");
        op
    }

    /// The schema of the `in: body` parameter of an operation.
    pub fn body_schema(&self, method: &str, path: &str) -> &Value {
        self.operation(method, path)["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["in"] == "body"))
            .map(|p| &p["schema"])
            .unwrap_or_else(|| panic!("{method} {path} has no body parameter"))
    }

    /// A definition by name.
    pub fn definition(&self, name: &str) -> &Value {
        let d = &self.doc["definitions"][name];
        assert!(d.is_object(), "no definition {name}");
        d
    }

    /// Check `value` against `schema`; the errors, each with its JSON pointer. Empty = valid.
    pub fn check(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check_at(schema, value, "", &mut errors);
        errors
    }

    /// [`Swagger::check`] against the body schema of an operation, panicking with the errors.
    pub fn assert_valid_body(&self, method: &str, path: &str, body: &Value) {
        let errors = self.check(self.body_schema(method, path), body);
        assert!(
            errors.is_empty(),
            "the {method} {path} body does not match the spec:\n  {}\nbody: {body}",
            errors.join("\n  ")
        );
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut s = schema;
        let mut hops = 0;
        while let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/definitions/")
                .unwrap_or_else(|| panic!("unsupported $ref {r}"));
            s = self.definition(name);
            hops += 1;
            assert!(hops < 32, "$ref loop at {r}");
        }
        s
    }

    fn check_at(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = self.resolve(schema);
        let here = if at.is_empty() { "/" } else { at };
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            errors.push(format!(
                "{here}: {value} is not one of {}",
                Value::Array(allowed.clone())
            ));
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let type_ok = match ty {
            None => true,
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("array") => value.is_array(),
            Some("object") => value.is_object(),
            Some(other) => panic!("unsupported type {other} at {here}"),
        };
        if !type_ok {
            errors.push(format!("{here}: expected {}, found {value}", ty.unwrap_or("?")));
            return;
        }
        match (schema.get("format").and_then(Value::as_str), value) {
            (Some("date"), Value::String(s)) if !is_date(s) => {
                errors.push(format!("{here}: `{s}` is not a date (YYYY-MM-DD)"));
            }
            (Some("date-time"), Value::String(s))
                if !(s.len() > 11 && is_date(&s[..10]) && s.as_bytes()[10] == b'T') =>
            {
                errors.push(format!("{here}: `{s}` is not a date-time"));
            }
            (Some("int32"), Value::Number(n)) if n.as_i64().is_none_or(|v| i32::try_from(v).is_err()) => {
                errors.push(format!("{here}: {n} does not fit int32"));
            }
            (Some("int64"), Value::Number(n)) if n.as_i64().is_none() => {
                errors.push(format!("{here}: {n} does not fit int64"));
            }
            _ => {}
        }
        match value {
            Value::Object(map) => {
                let props = schema.get("properties").and_then(Value::as_object);
                for name in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !map.contains_key(name) {
                        errors.push(format!("{here}: required property `{name}` is missing"));
                    }
                }
                let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
                for (name, v) in map {
                    match props.and_then(|p| p.get(name)) {
                        Some(sub) => self.check_at(sub, v, &format!("{at}/{name}"), errors),
                        None if closed => errors.push(format!("{here}: property `{name}` is not allowed")),
                        None => {}
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check_at(item_schema, item, &format!("{at}/{i}"), errors);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `YYYY-MM-DD` with a month and day that exist.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates() {
        for ok in ["2024-02-29", "1990-01-31", "2000-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-1-01",
            "24-01-01",
            "2024-01-01T00:00:00Z",
            "2024/01/01",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
