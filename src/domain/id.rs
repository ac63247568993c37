//! Ids: a record's file name, a figure's `id:`, every reference to either.
//!
//! One rule for what an id may be, shared by the loader (file names), the
//! model (references, figure ids) and `dossier new`.

/// A slug id: lowercase ASCII letters, digits and single hyphens.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs() {
        assert!(is_valid_id("cnn-2022-01-06"));
        assert!(!is_valid_id("Tokayev"));
        assert!(!is_valid_id("a b"));
    }
}
