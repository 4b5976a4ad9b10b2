//! How answers are printed: `--output json|csv|table`.
//!
//! - **JSON**: the answer as the SDK's models serialize it, pretty-printed; the default when
//!   stdout is not a terminal.
//! - **CSV**: a header and one row per item (RFC 4180 quoting); a single object is one row,
//!   nested values are compact JSON in their cell.
//! - **Table** (the default on a terminal): a list of objects as aligned columns (long cells cut
//!   at [`CELL_WIDTH`] characters), a single object as `Key  value` rows.
//!
//! An answer of `null` (a route that answers nothing) prints nothing in every kind.

use std::io::{self, Write};

use serde_json::Value;

/// The widest a table cell gets, in characters; longer cells end with `…`.
pub(crate) const CELL_WIDTH: usize = 48;

/// How answers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputKind {
    /// Pretty JSON.
    Json,
    /// CSV with a header.
    Csv,
    /// Aligned columns for people.
    Table,
}

impl OutputKind {
    /// Reads `json`, `csv` or `table` (any case).
    pub(crate) fn parse(s: &str) -> Option<OutputKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(OutputKind::Json),
            "csv" => Some(OutputKind::Csv),
            "table" => Some(OutputKind::Table),
            _ => None,
        }
    }
}

/// Prints `value` as `kind` to `out`; the members of the answer's objects (the value, or the
/// items of a list) come in `order` (names matched without case; a model's declaration order),
/// then any others alphabetically.
pub(crate) fn print_ordered(
    value: &Value,
    kind: OutputKind,
    order: &[&str],
    out: &mut dyn Write,
) -> io::Result<()> {
    if value.is_null() {
        return Ok(());
    }
    match kind {
        OutputKind::Json => {
            serde_json::to_writer_pretty(&mut *out, &Ordered(value, order))?;
            out.write_all(b"\n")
        }
        OutputKind::Csv => csv(value, order, out),
        OutputKind::Table => table(value, order, out),
    }
}

/// Where `key` comes in `order` (others last).
fn rank(order: &[&str], key: &str) -> usize {
    order
        .iter()
        .position(|o| o.eq_ignore_ascii_case(key))
        .unwrap_or(order.len())
}

/// An object's members in `order`.
fn members<'v>(
    map: &'v serde_json::Map<String, Value>,
    order: &[&str],
) -> Vec<(&'v String, &'v Value)> {
    let mut m: Vec<(&String, &Value)> = map.iter().collect();
    m.sort_by_key(|(k, _)| rank(order, k));
    m
}

/// Serializes a value with the members of its top-level objects in order.
struct Ordered<'a>(&'a Value, &'a [&'a str]);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in members(map, self.1) {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Ordered(item, self.1))?;
                }
                seq.end()
            }
            other => other.serialize(s),
        }
    }
}

/// The text of one cell: strings as they are, `null` empty, other scalars as JSON, arrays and
/// objects as compact JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The columns of a list of objects: every key, in `order` and then as first seen.
fn columns<'v>(items: &'v [Value], order: &[&str]) -> Vec<&'v str> {
    let mut cols: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for key in map.keys() {
                if !cols.contains(&key.as_str()) {
                    cols.push(key);
                }
            }
        }
    }
    cols.sort_by_key(|k| rank(order, k));
    cols
}

/// The rows of `value`: a header and the cells. Scalars and lists of scalars are one column,
/// `value`.
fn rows(value: &Value, order: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let items: Vec<Value> = match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    if items.iter().all(Value::is_object) && !items.is_empty() {
        let cols = columns(&items, order);
        let body = items
            .iter()
            .map(|item| {
                cols.iter()
                    .map(|c| item.get(*c).map(cell).unwrap_or_default())
                    .collect()
            })
            .collect();
        (cols.into_iter().map(str::to_owned).collect(), body)
    } else {
        (
            vec!["value".to_owned()],
            items.iter().map(|v| vec![cell(v)]).collect(),
        )
    }
}

fn csv(value: &Value, order: &[&str], out: &mut dyn Write) -> io::Result<()> {
    let (header, body) = rows(value, order);
    let mut w = ::csv::WriterBuilder::new().from_writer(out);
    w.write_record(&header)?;
    for row in body {
        w.write_record(&row)?;
    }
    w.flush()
}

/// A cell for a table: one line, at most `width` characters.
fn fit(text: &str, width: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= width {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn pad(out: &mut dyn Write, text: &str, width: usize, last: bool) -> io::Result<()> {
    if last {
        return write!(out, "{text}");
    }
    let n = text.chars().count();
    write!(out, "{text}{:1$}  ", "", width.saturating_sub(n))
}

fn table(value: &Value, order: &[&str], out: &mut dyn Write) -> io::Result<()> {
    match value {
        Value::Object(map) => {
            let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            for (key, v) in members(map, order) {
                pad(out, key, width, false)?;
                writeln!(out, "{}", fit(&cell(v), usize::MAX))?;
            }
            Ok(())
        }
        Value::Array(items) if items.is_empty() => Ok(()),
        _ => {
            let (header, body) = rows(value, order);
            let header: Vec<String> = header.iter().map(|h| fit(h, CELL_WIDTH)).collect();
            let body: Vec<Vec<String>> = body
                .iter()
                .map(|r| r.iter().map(|c| fit(c, CELL_WIDTH)).collect())
                .collect();
            let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
            for row in &body {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let last = header.len().saturating_sub(1);
            for (i, h) in header.iter().enumerate() {
                pad(out, h, widths[i], i == last)?;
            }
            writeln!(out)?;
            for (i, w) in widths.iter().enumerate() {
                pad(out, &"-".repeat(*w), *w, i == last)?;
            }
            writeln!(out)?;
            for row in &body {
                for (i, c) in row.iter().enumerate() {
                    pad(out, c, widths[i], i == last)?;
                }
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(v: &Value, kind: OutputKind) -> String {
        let mut out = Vec::new();
        print_ordered(v, kind, &[], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn render_ordered(v: &Value, kind: OutputKind, order: &[&str]) -> String {
        let mut out = Vec::new();
        print_ordered(v, kind, order, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_list_of_objects_is_columns_in_a_table_and_rows_in_csv() {
        let v = json!([
            {"ID": "L1", "Number": 7, "User": null, "Tags": ["a", "b"]},
            {"ID": "L2", "Number": 12, "User": "alice, \"the\" admin", "Extra": true}
        ]);
        let order = ["id", "Number", "User"];
        assert_eq!(
            render_ordered(&v, OutputKind::Table, &order),
            "ID  Number  User                Tags       Extra\n\
             --  ------  ------------------  ---------  -----\n\
             L1  7                           [\"a\",\"b\"]  \n\
             L2  12      alice, \"the\" admin             true\n"
        );
        assert_eq!(
            render_ordered(&v, OutputKind::Csv, &order),
            "ID,Number,User,Tags,Extra\n\
             L1,7,,\"[\"\"a\"\",\"\"b\"\"]\",\n\
             L2,12,\"alice, \"\"the\"\" admin\",,true\n"
        );
        // Without an order: as first seen (serde_json keeps each object's members alphabetically).
        assert!(render(&v, OutputKind::Csv).starts_with("ID,Number,Tags,User,Extra\n"));
    }

    #[test]
    fn a_single_object_is_key_value_rows_and_null_prints_nothing() {
        let v = json!({"ID": "U1", "Email": "a@b.c", "Company": {"Name": "Acme"}});
        let order = ["ID", "Email", "Company"];
        assert_eq!(
            render_ordered(&v, OutputKind::Table, &order),
            "ID       U1\nEmail    a@b.c\nCompany  {\"Name\":\"Acme\"}\n"
        );
        assert_eq!(
            render_ordered(&v, OutputKind::Csv, &order),
            "ID,Email,Company\nU1,a@b.c,\"{\"\"Name\"\":\"\"Acme\"\"}\"\n"
        );
        assert_eq!(
            render_ordered(&json!([{"b": 1, "a": 2}]), OutputKind::Json, &["b", "a"]),
            "[\n  {\n    \"b\": 1,\n    \"a\": 2\n  }\n]\n"
        );
        for kind in [OutputKind::Json, OutputKind::Csv, OutputKind::Table] {
            assert_eq!(render(&Value::Null, kind), "");
        }
        assert_eq!(
            render(&json!("new-id"), OutputKind::Table),
            "value\n------\nnew-id\n"
        );
        assert_eq!(
            render(&json!({"a": 1}), OutputKind::Json),
            "{\n  \"a\": 1\n}\n"
        );
    }

    #[test]
    fn long_or_multi_line_cells_are_cut_to_one_line_in_tables() {
        let long = "x".repeat(100);
        let v = json!([{"A": long, "B": "two\nlines"}]);
        let text = render(&v, OutputKind::Table);
        let row = text.lines().nth(2).unwrap();
        assert!(
            row.starts_with(&format!("{}…  two lines", "x".repeat(CELL_WIDTH - 1))),
            "{row}"
        );
        // CSV keeps everything.
        assert!(render(&v, OutputKind::Csv).contains(&long));
    }
}
