//! The default theme, compiled into the binary.
//!
//! `dossier init` must give a dossier that builds at once, anywhere, without
//! copying a theme around. So the default theme's files (the same files as
//! `themes/default/` in this repository) are embedded; a dossier that has a
//! `themes/default/` directory of its own uses that instead, and any file in
//! `templates/` or `static/` still overrides the theme file by file.

/// (path relative to the theme directory, content)
pub(crate) const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "templates/briefing.html",
        include_str!("../themes/default/templates/briefing.html"),
    ),
    (
        "templates/briefings.html",
        include_str!("../themes/default/templates/briefings.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../themes/default/templates/timeline.html"),
    ),
    (
        "templates/casualties.html",
        include_str!("../themes/default/templates/casualties.html"),
    ),
    (
        "templates/actors.html",
        include_str!("../themes/default/templates/actors.html"),
    ),
    (
        "templates/actor.html",
        include_str!("../themes/default/templates/actor.html"),
    ),
    (
        "templates/places.html",
        include_str!("../themes/default/templates/places.html"),
    ),
    (
        "templates/place.html",
        include_str!("../themes/default/templates/place.html"),
    ),
    (
        "templates/sources.html",
        include_str!("../themes/default/templates/sources.html"),
    ),
    (
        "templates/source.html",
        include_str!("../themes/default/templates/source.html"),
    ),
    (
        "templates/tags.html",
        include_str!("../themes/default/templates/tags.html"),
    ),
    (
        "templates/tag.html",
        include_str!("../themes/default/templates/tag.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "templates/changes.html",
        include_str!("../themes/default/templates/changes.html"),
    ),
    (
        "templates/partials/corrections.html",
        include_str!("../themes/default/templates/partials/corrections.html"),
    ),
    (
        "templates/partials/header.html",
        include_str!("../themes/default/templates/partials/header.html"),
    ),
    (
        "templates/partials/footer.html",
        include_str!("../themes/default/templates/partials/footer.html"),
    ),
    (
        "templates/partials/pagination.html",
        include_str!("../themes/default/templates/partials/pagination.html"),
    ),
    (
        "templates/partials/source_links.html",
        include_str!("../themes/default/templates/partials/source_links.html"),
    ),
    (
        "templates/partials/figures.html",
        include_str!("../themes/default/templates/partials/figures.html"),
    ),
    (
        "templates/partials/figure_row.html",
        include_str!("../themes/default/templates/partials/figure_row.html"),
    ),
    (
        "templates/partials/ledger_table.html",
        include_str!("../themes/default/templates/partials/ledger_table.html"),
    ),
    (
        "templates/partials/figure_status.html",
        include_str!("../themes/default/templates/partials/figure_status.html"),
    ),
    (
        "templates/partials/chart.html",
        include_str!("../themes/default/templates/partials/chart.html"),
    ),
    (
        "templates/partials/briefing_list.html",
        include_str!("../themes/default/templates/partials/briefing_list.html"),
    ),
    (
        "templates/partials/briefing_item.html",
        include_str!("../themes/default/templates/partials/briefing_item.html"),
    ),
    (
        "templates/partials/refs.html",
        include_str!("../themes/default/templates/partials/refs.html"),
    ),
    (
        "templates/partials/quotes.html",
        include_str!("../themes/default/templates/partials/quotes.html"),
    ),
    (
        "templates/partials/cites.html",
        include_str!("../themes/default/templates/partials/cites.html"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "static/search.js",
        include_str!("../themes/default/static/search.js"),
    ),
];

#[cfg(test)]
mod tests {
    /// Every file of `themes/default/` is embedded, so `dossier init`
    /// dossiers (which have no copy of the theme) get the same site.
    #[test]
    fn the_embedded_theme_is_the_whole_default_theme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(
                super::DEFAULT_THEME.iter().any(|(p, _)| *p == rel),
                "{rel} is not in src/theme.rs"
            );
        }
    }
}
