//! JSON helpers the generated code calls: code-list values that travel as strings or
//! numbers.

/// Serialize a code-list value: as a JSON number when the list is numeric and the text is
/// an integer, else as a string.
pub fn serialize_code<S: serde::Serializer>(text: &str, numeric: bool, serializer: S) -> Result<S::Ok, S::Error> {
    if numeric && let Ok(n) = text.parse::<i64>() {
        return serializer.serialize_i64(n);
    }
    serializer.serialize_str(text)
}

/// The text form of a structured value sent as a path or query parameter: its JSON text,
/// without the quotes when it is a JSON string.
pub fn param_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// How an object travels in the query (OpenAPI 3 `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryObject {
    /// `form` exploded (the default): each member as `key=value`.
    Exploded,
    /// `form`, `spaceDelimited` or `pipeDelimited` not exploded: `name=key,value,key,value`
    /// with this separator.
    Joined(char),
    /// `deepObject`: each member as `name[key]=value`.
    Deep,
}

/// The query pairs of an object parameter `name`, as `style` writes them (keys in sorted
/// order, members without a value left out); a value that is not an object travels as
/// `name=` its text ([`param_text`]).
pub fn query_object<T: serde::Serialize>(name: &str, value: &T, style: QueryObject) -> Vec<(String, String)> {
    let Some(members) = members(value) else {
        return vec![(name.to_owned(), param_text(value))];
    };
    match style {
        QueryObject::Exploded => members,
        QueryObject::Deep => members.into_iter().map(|(k, v)| (format!("{name}[{k}]"), v)).collect(),
        QueryObject::Joined(separator) => {
            let list: Vec<String> = members.into_iter().flat_map(|(k, v)| [k, v]).collect();
            vec![(name.to_owned(), list.join(&separator.to_string()))]
        }
    }
}

/// The members of a structured value that serialises to a JSON object, each with the text
/// [`param_text`] gives its value (keys in sorted order); `None` for any other value.
pub fn members<T: serde::Serialize>(value: &T) -> Option<Vec<(String, String)>> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => {
            let mut members: Vec<(String, String)> = map
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect();
            // Sorted whether or not serde_json keeps insertion order (a feature another crate
            // of the build may turn on).
            members.sort();
            Some(members)
        }
        _ => None,
    }
}

/// The text of a JSON number that serde_json (built with `arbitrary_precision`, so that
/// amounts stay exact) hands to a `deserialize_any` visitor as a one-entry map.
pub fn number_text<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<String, A::Error> {
    use serde::de::Error as _;
    match map.next_key::<String>()?.as_deref() {
        Some("$serde_json::private::Number") => map.next_value::<String>(),
        _ => Err(A::Error::custom("expected a number or a string, found an object")),
    }
}

/// Deserialize a code-list value from a JSON string, integer, float or boolean, as text.
pub fn deserialize_code<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Code;
    impl<'de> serde::de::Visitor<'de> for Code {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a code as a string or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            number_text(map)
        }
    }
    deserializer.deserialize_any(Code)
}

/// A discriminated union's value with its tag: the variant serialised as a JSON object whose
/// `property` is one of `tags`, the discriminator values the spec maps to this variant (the
/// first is written when the variant's own fields leave the property out, `null` or empty).
///
/// The variant chosen is what goes on the wire: a value whose own `property` holds another
/// text (another variant's tag, or one the mapping does not know) is refused with an error
/// naming both, rather than sent as a value the receiver would read as something else.
pub fn with_tag<T: serde::Serialize>(value: &T, property: &str, tags: &[&str]) -> Result<serde_json::Value, String> {
    let mut json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(map) = &mut json else {
        return Err(format!("a `{property}`-discriminated value must be a JSON object"));
    };
    let Some(first) = tags.first() else {
        return Err(format!("no `{property}` value is mapped to this variant"));
    };
    match map.get(property) {
        None | Some(serde_json::Value::Null) => {
            map.insert(property.to_owned(), serde_json::Value::String((*first).to_owned()));
        }
        Some(serde_json::Value::String(own)) if tags.contains(&own.as_str()) => {}
        Some(serde_json::Value::String(own)) if own.is_empty() => {
            map.insert(property.to_owned(), serde_json::Value::String((*first).to_owned()));
        }
        Some(other) => {
            let own = match other {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            return Err(format!(
                "`{property}` is `{}`, but this variant is tagged `{}`: set `{property}` to `{first}` (or leave it empty)",
                crate::rt::xml::cut(&own),
                tags.join("` or `")
            ));
        }
    }
    Ok(json)
}

/// The tag of a discriminated union's value: the text of its `property`, or why there is
/// none.
pub fn tag_of<'v>(value: &'v serde_json::Value, property: &str) -> Result<&'v str, String> {
    match value.get(property) {
        Some(serde_json::Value::String(tag)) => Ok(tag),
        Some(other) => Err(format!(
            "discriminator `{property}` is not a string: {}",
            crate::rt::xml::cut(&other.to_string())
        )),
        None => Err(format!("discriminator `{property}` is missing")),
    }
}

/// One variant of a discriminated union, from the JSON value its tag chose.
pub fn variant<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn objects_in_the_query_by_style() {
        use super::{QueryObject, query_object};
        let filter = serde_json::json!({"role": "admin", "first": "Alex", "none": null});
        let pairs = |style| query_object("f", &filter, style);
        let own = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
        };
        assert_eq!(
            pairs(QueryObject::Exploded),
            own(&[("first", "Alex"), ("role", "admin")])
        );
        assert_eq!(pairs(QueryObject::Joined(',')), own(&[("f", "first,Alex,role,admin")]));
        assert_eq!(pairs(QueryObject::Joined('|')), own(&[("f", "first|Alex|role|admin")]));
        assert_eq!(
            pairs(QueryObject::Deep),
            own(&[("f[first]", "Alex"), ("f[role]", "admin")])
        );
        assert_eq!(query_object("n", &5, QueryObject::Deep), own(&[("n", "5")]));
    }

    #[derive(Debug, PartialEq)]
    struct Code(String);
    impl<'de> serde::Deserialize<'de> for Code {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize_code(d).map(Code)
        }
    }
    impl serde::Serialize for Code {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::serialize_code(&self.0, true, s)
        }
    }

    #[test]
    fn codes_read_from_strings_and_numbers_and_write_as_numbers() {
        let a: Code = serde_json::from_str("\"11\"").unwrap();
        let b: Code = serde_json::from_str("11").unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "11");
        assert_eq!(serde_json::to_string(&Code("X1".into())).unwrap(), "\"X1\"");
        assert!(serde_json::from_str::<Code>("[1]").is_err());
    }

    #[test]
    fn the_variant_tag_is_on_the_wire_or_the_value_is_refused() {
        let tagged = |v: serde_json::Value| super::with_tag(&v, "kind", &["dog", "Dog"]);
        // Absent or null: the first tag mapped to the variant is written.
        assert_eq!(
            tagged(serde_json::json!({"bark": "woof"})).unwrap().to_string(),
            r#"{"bark":"woof","kind":"dog"}"#
        );
        for empty in [serde_json::json!({"kind": null}), serde_json::json!({"kind": ""})] {
            assert_eq!(tagged(empty).unwrap().to_string(), r#"{"kind":"dog"}"#);
        }
        // Any tag of the variant's own stays as it is.
        assert_eq!(
            tagged(serde_json::json!({"kind": "Dog"})).unwrap().to_string(),
            r#"{"kind":"Dog"}"#
        );
        // Another variant's tag is refused, never sent.
        let e = tagged(serde_json::json!({"kind": "cat"})).unwrap_err();
        assert_eq!(
            e,
            "`kind` is `cat`, but this variant is tagged `dog` or `Dog`: set `kind` to `dog` (or leave it empty)"
        );
        assert!(
            tagged(serde_json::json!({"kind": 1}))
                .unwrap_err()
                .contains("`kind` is `1`")
        );
        assert!(super::with_tag(&1, "kind", &["dog"]).is_err());
    }
}
