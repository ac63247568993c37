//! Slugs for URLs, from text in any script.
//!
//! Tags and generated ids may be written in Cyrillic or Kazakh
//! (`Алматы`, `Тоқаев`); URLs should stay plain ASCII so that every static
//! host serves them. `any_ascii` transliterates; this module only folds the
//! result into `lowercase-with-hyphens`.

/// `"Қасым-Жомарт Тоқаев"` → `"qasym-zhomart-toqaev"`.
pub fn slugify(text: &str) -> String {
    let ascii = any_ascii::any_ascii(text);
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_any_script() {
        assert_eq!(slugify("Red Terror Threat"), "red-terror-threat");
        assert_eq!(slugify("Алматы"), "almaty");
        assert_eq!(slugify("  LPG -- prices! "), "lpg-prices");
    }
}
