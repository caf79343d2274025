//! `brief schema`: print the JSON Schema of the brief format, for editors.

use super::exit;

/// Print the schema.
pub fn run() -> i32 {
    let schema = crate::schema::brief();
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
    exit::OK
}
