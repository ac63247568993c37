//! Figures named in prose: `[[figure-id]]` and `[[figure-id|own words]]`.
//!
//! A number written into a sentence goes on saying it after the ledger has
//! withdrawn or replaced it. Naming the figure instead makes the sentence a
//! view of the claim: it is worded here from the ledger's data (the number
//! with its qualifier, what it counts, who claimed it, as of when), linked
//! to the claim's row, and says where the claim stands now (struck through
//! and "withdrawn on …" when retracted, "later revised to …" or "superseded
//! by …, <claimant>" when replaced, "repeating …" for a relay, "disputed"). The wording and the markup live in
//! this one place so that prose, templates (`claim`, `inline` on every
//! figure view) and the data agree. The markup is plain HTML with classes a
//! theme can style; everything that matters is in the text itself, so it
//! reads the same printed, in a screen reader and without styles.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::{value_text, Views};
use crate::domain::Status;
use crate::model::Figure;

/// Where a claim stands, as prose says it.
enum Standing {
    Current,
    Disputed,
    Retracted,
    /// Replaced; the latest replacement, when there is one.
    Replaced(Option<usize>),
    /// A relay of the original claim.
    Relay(usize),
}

impl Views<'_> {
    /// "at least 18 security forces killed (Ministry of Internal Affairs of
    /// Kazakhstan, as of 7 January 2022)": the claim as the ledger words it.
    pub fn claim_text(&self, fi: usize) -> String {
        let f = self.figure(fi);
        format!(
            "{} ({}, as of {})",
            self.claim_what(f, true),
            self.actor_name(&f.claimed_by),
            f.as_of.long()
        )
    }

    /// The number and what it counts: "at least 18 security forces killed",
    /// "103 killed in Almaty" (a place is named when it is narrower than a
    /// country: one with a parent).
    fn claim_what(&self, f: &Figure, with_place: bool) -> String {
        let c = self.config();
        let m = c.measure(&f.measure);
        let mut out = value_text(&f.value, f.qualifier);
        if let Some(unit) = m.and_then(|m| m.unit.as_deref()) {
            out.push(' ');
            out.push_str(unit);
        }
        if f.group != "all" {
            out.push(' ');
            out.push_str(&lower_first(short_label(&c.group_label(&f.group))));
        }
        out.push(' ');
        let label = m.map_or(f.measure.as_str(), |m| m.label.as_str());
        out.push_str(&lower_first(label));
        if with_place {
            if let Some(p) = f.place.as_deref().and_then(|p| self.place_by_id(p)) {
                if p.within.is_some() {
                    out.push_str(" in ");
                    out.push_str(&p.name);
                }
            }
        }
        out
    }

    fn standing(&self, fi: usize) -> Standing {
        let f = self.figure(fi);
        if f.status == Status::Retracted {
            return Standing::Retracted;
        }
        if let Some(o) = f.relay_of.as_ref().and_then(|id| self.figure_index(id)) {
            return Standing::Relay(o);
        }
        let replaced = !self.replaced_by(fi).is_empty();
        if replaced || f.status == Status::Superseded {
            return Standing::Replaced(self.latest_replacement(fi));
        }
        match f.status {
            Status::Disputed => Standing::Disputed,
            _ => Standing::Current,
        }
    }

    /// The end of the chain of replacements (225 → 230 → 238 gives 238):
    /// of the figures that replace this one, directly or through others,
    /// the latest that nothing replaces in turn.
    fn latest_replacement(&self, fi: usize) -> Option<usize> {
        // A set of the figures seen, not a flag for every figure: this
        // runs for each replaced figure a page shows. Hashed with foldhash,
        // as the model's maps are: SipHash guards against crafted keys,
        // and figure indexes are not.
        let mut seen = foldhash::HashSet::default();
        let mut todo = self.replaced_by(fi).to_vec();
        let mut ends = Vec::new();
        while let Some(j) = todo.pop() {
            if !seen.insert(j) {
                continue;
            }
            match self.replaced_by(j) {
                next if !next.is_empty() => todo.extend(next),
                _ => ends.push(j),
            }
        }
        ends.into_iter().max_by(|&a, &b| {
            let (fa, fb) = (self.figure(a), self.figure(b));
            fa.as_of.cmp(&fb.as_of).then(fb.id.cmp(&fa.id))
        })
    }

    /// The claim as prose shows it, linked to its row in the ledger, with
    /// where it stands. Without the author's words it reads "at least 18
    /// security forces killed (Interior Ministry, as of 7 January 2022)",
    /// the status joining the attribution ("…; withdrawn on 10 January
    /// 2022"); with them, the words and the status after them ("(later
    /// revised to 19)"). The whole claim is the link's title.
    pub fn claim_html(&self, fi: usize, words: Option<&str>) -> String {
        self.claim_html_titled(fi, words, &self.claim_text(fi))
    }

    /// `claim_html`, given the claim's text (`claim_text`), which a
    /// figure's view shows too: it is worded once.
    pub(crate) fn claim_html_titled(&self, fi: usize, words: Option<&str>, text: &str) -> String {
        let f = self.figure(fi);
        let title = esc(text);
        let link = |inner: &str| {
            format!(
                "<a href=\"{}\" title=\"{title}\">{inner}</a>",
                esc(&self.figure_url(&f.id)),
            )
        };
        let shown = esc(&words.map_or_else(|| self.claim_what(f, true), str::to_string));
        let (class, body, status) = match self.standing(fi) {
            Standing::Current => ("current", link(&shown), String::new()),
            Standing::Disputed => ("disputed", link(&shown), "disputed".to_string()),
            Standing::Retracted => {
                let when = match f.retracted_on {
                    Some(d) => format!("withdrawn on {}", d.long()),
                    None => "withdrawn".to_string(),
                };
                ("retracted", link(&format!("<del>{shown}</del>")), when)
            }
            Standing::Replaced(latest) => {
                let status = match latest {
                    Some(j) => {
                        // "Revised" when the claimant changed its own count;
                        // another claimant's count "supersedes" it, named.
                        let g = self.figure(j);
                        let same = (&g.measure, &g.group) == (&f.measure, &f.group);
                        let what = if same {
                            value_text(&g.value, g.qualifier)
                        } else {
                            self.claim_what(g, false)
                        };
                        let a = format!(
                            "<a href=\"{}\" title=\"{}\">{}</a>",
                            esc(&self.figure_url(&g.id)),
                            esc(&self.claim_text(j)),
                            esc(&what)
                        );
                        if same && g.claimed_by == f.claimed_by {
                            format!("later revised to {a}")
                        } else {
                            let who = esc(self.actor_name(&g.claimed_by));
                            format!("superseded by {a}, {who}")
                        }
                    }
                    None => "superseded".to_string(),
                };
                ("superseded", link(&shown), status)
            }
            Standing::Relay(o) => {
                let orig = self.figure(o);
                let status = format!(
                    "repeating <a href=\"{}\" title=\"{}\">{} by {}</a>",
                    esc(&self.figure_url(&orig.id)),
                    esc(&self.claim_text(o)),
                    esc(&value_text(&orig.value, orig.qualifier)),
                    esc(self.actor_name(&orig.claimed_by))
                );
                ("relay", link(&shown), status)
            }
        };
        let status = if status.is_empty() {
            status
        } else {
            format!("<span class=\"figure-ref-status\">{status}</span>")
        };
        let tail = match (words, status.is_empty()) {
            (Some(_), true) => String::new(),
            (Some(_), false) => format!(" ({status})"),
            (None, _) => format!(
                " (<span class=\"figure-ref-by\">{}, as of {}</span>{}{status})",
                esc(self.actor_name(&f.claimed_by)),
                f.as_of.long(),
                if status.is_empty() { "" } else { "; " }
            ),
        };
        format!("<span class=\"figure-ref figure-ref-{class}\">{body}{tail}</span>")
    }
}

/// Replaces each wiki link that names a figure (left as a wiki link by
/// `markdown`) with the claim's inline HTML. Runs after the other link
/// rewriting, on the finished events, so it touches nothing else.
pub fn inline_figures<'e>(v: &Views<'_>, events: Vec<Event<'e>>) -> Vec<Event<'e>> {
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<(usize, bool, String)> = None;
    for ev in events {
        if let Some((fi, pothole, words)) = &mut open {
            match ev {
                Event::End(TagEnd::Link) => {
                    // The claim as prose names it is made once per build
                    // (see `shared`); words of the author's need their own.
                    let (claim, inline) = v.shared_claim(*fi);
                    let html = if *pothole {
                        v.claim_html_titled(*fi, Some(words), claim.as_str())
                    } else {
                        inline.as_str().to_string()
                    };
                    out.push(Event::InlineHtml(html.into()));
                    open = None;
                }
                Event::Text(t) | Event::Code(t) => words.push_str(&t),
                // A pothole written over two lines reads as one line.
                Event::SoftBreak | Event::HardBreak => words.push(' '),
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole },
            dest_url,
            ..
        }) = &ev
        {
            if let Some(fi) = v.figure_index(dest_url.as_ref()) {
                open = Some((fi, *has_pothole, String::new()));
                continue;
            }
        }
        out.push(ev);
    }
    out
}

/// "Security forces (police, National Guard, military)" → "Security forces":
/// the label without its gloss, for a phrase.
fn short_label(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label).trim()
}

/// "Killed" → "killed", but "CSTO forces" stays as it is.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Runs of plain text are copied whole: most claims have nothing to escape.
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_phrases() {
        assert_eq!(
            short_label("Security forces (police, National Guard, military)"),
            "Security forces"
        );
        assert_eq!(lower_first("Killed"), "killed");
        assert_eq!(lower_first("CSTO forces"), "CSTO forces");
        assert_eq!(
            lower_first("In critical condition"),
            "in critical condition"
        );
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
