//! The bodies: paragraphs of sentences filled from the templates of
//! `vocab`, a list, sometimes a table of the briefing's figures, a quote;
//! actors, places, sources and figures named by wiki link or in words.

use std::fmt::Write as _;

use super::*;

impl Gen {
    pub(super) fn actor_ref(&mut self, a: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.actors[a].id)
        } else {
            self.actors[a].name.clone()
        }
    }

    /// A source as prose cites it: a wiki link, a Markdown link to its URL,
    /// or its outlet's name.
    pub(super) fn source_ref(&mut self, s: usize, link: f64) -> String {
        let src = &self.sources[s];
        let r = self.rng.unit();
        if r < link {
            format!("[[{}]]", src.id)
        } else if r < link + 0.2 && !src.url.is_empty() && link > 0.0 {
            format!("[{}]({})", src.outlet, src.url)
        } else if link > 0.0 {
            format!("*{}*", src.outlet)
        } else {
            src.outlet.to_string()
        }
    }

    pub(super) fn place_ref(&mut self, p: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.places[p].id)
        } else {
            self.places[p].name.clone()
        }
    }

    pub(super) fn fill(&mut self, tpl: &str, ctx: &Ctx) -> String {
        let mut out = String::with_capacity(tpl.len() + 64);
        let mut rest = tpl;
        let mut last_actor = None;
        // The figure a template names ({F}), its claimant ({C}) and source
        // ({R}): one figure, whichever slot comes first.
        let figure = tpl.contains("{F}").then(|| *self.rng.pick(ctx.named));
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("unclosed slot in template");
            let slot = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let s = match slot {
                "A" => {
                    let mut a = if self.rng.chance(0.8) {
                        *self.rng.pick(ctx.actors)
                    } else {
                        self.rng.below(self.actors.len())
                    };
                    if last_actor == Some(a) {
                        a = (a + 1 + self.rng.below(self.actors.len() - 1)) % self.actors.len();
                    }
                    last_actor = Some(a);
                    self.actor_ref(a, ctx.link)
                }
                "P" => {
                    let p = if self.rng.chance(0.85) {
                        *self.rng.pick(ctx.places)
                    } else {
                        self.rng.below(self.places.len())
                    };
                    self.place_ref(p, ctx.link)
                }
                "S" => {
                    let s = *self.rng.pick(ctx.sources);
                    self.source_ref(s, ctx.link)
                }
                "B" => {
                    if self.n < 2 {
                        "an earlier briefing".to_string()
                    } else {
                        // Mostly earlier briefings, sometimes a later one.
                        let mut b = if ctx.self_index > 0 && self.rng.chance(0.8) {
                            let back = self.rng.between(1, ctx.self_index.min(200));
                            ctx.self_index - back
                        } else {
                            self.rng.below(self.n)
                        };
                        if b == ctx.self_index {
                            b = (b + 1) % self.n;
                        }
                        format!("[[{}]]", self.briefings[b].id)
                    }
                }
                "N" => self.rng.between(2, 500).to_string(),
                "K" => self.rng.between(2, 9).to_string(),
                "D" => {
                    let day = (ctx.date - self.rng.between(0, 3) as i64).max(START);
                    self.calendar.day(day).long()
                }
                "M" => MEASURES[self.rng.weighted(&MEASURE_WEIGHTS)].to_string(),
                "G" => FIG_GROUPS[self.rng.weighted(&FIG_GROUP_WEIGHTS)]
                    .1
                    .to_string(),
                "O" => self.rng.pick(&OUTLETS).0.to_string(),
                "C" => {
                    let f = figure.expect("{C} goes with {F}");
                    self.actor_ref(self.figures[f].claimed_by, ctx.link)
                }
                "R" => {
                    let f = figure.expect("{R} goes with {F}");
                    self.source_ref(self.figures[f].source, ctx.link)
                }
                "F" => {
                    // As the ledger words it, or in the editor's words.
                    let f = &self.figures[figure.expect("a template with {F}")];
                    let id = f.id.as_deref().expect("a named figure has an id");
                    if self.rng.chance(0.5) {
                        format!("[[{id}]]")
                    } else {
                        format!("[[{id}|{}]]", f.prose())
                    }
                }
                other => panic!("unknown slot {{{other}}}"),
            };
            out.push_str(&s);
        }
        out.push_str(rest);
        out
    }

    /// A template of `pool` whose slots the briefing can fill: one that
    /// names a figure only when the briefing has a figure with an id.
    pub(super) fn template(&mut self, pool: &[&'static str], ctx: &Ctx) -> &'static str {
        loop {
            let tpl = *self.rng.pick(pool);
            if !tpl.contains("{F}") || !ctx.named.is_empty() {
                return tpl;
            }
        }
    }

    pub(super) fn paragraph(&mut self, ctx: &Ctx) -> String {
        let ns = self.rng.between(3, 6);
        let mut p = String::new();
        for k in 0..ns {
            if k > 0 {
                p.push(' ');
            }
            let s = if self.rng.chance(0.65) {
                let tpl = self.template(&SENTENCES, ctx);
                self.fill(tpl, ctx)
            } else {
                self.rng.pick(&FILLERS).to_string()
            };
            p.push_str(&s);
        }
        p.push('\n');
        p
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn body(
        &mut self,
        i: usize,
        actors: &[usize],
        places: &[usize],
        sources: &[usize],
        figures: &[usize],
        events: &[Event],
        quotes: &[Quote],
    ) -> String {
        let date = self.briefings[i].date;
        let named: Vec<usize> = figures
            .iter()
            .copied()
            .filter(|&f| self.figures[f].id.is_some())
            .collect();
        let ctx = Ctx {
            actors,
            places,
            sources,
            date,
            self_index: i,
            named: &named,
            link: 0.5,
        };
        let np = self.rng.between(3, 8);
        let list_at = self.rng.between(1, np - 1);
        let table_at = if self.rng.chance(0.4) {
            Some(self.rng.between(1, np - 1))
        } else {
            None
        };
        let mut body = String::with_capacity(4096);
        for k in 0..np {
            if k > 0 && self.rng.chance(0.3) {
                let _ = writeln!(body, "## {}\n", self.rng.pick(&HEADINGS));
            }
            body.push_str(&self.paragraph(&ctx));
            body.push('\n');
            if k == list_at {
                let items = self.rng.between(3, 6);
                let ordered = self.rng.chance(0.25);
                for j in 0..items {
                    let tpl = self.template(&LIST_ITEMS, &ctx);
                    let item = self.fill(tpl, &ctx);
                    if ordered {
                        let _ = writeln!(body, "{}. {item}", j + 1);
                    } else {
                        let _ = writeln!(body, "- {item}");
                    }
                }
                body.push('\n');
            }
            if table_at == Some(k) {
                if !figures.is_empty() {
                    body.push_str("| As of | Measure | Group | Figure | Claimed by | Source |\n|---|---|---|---:|---|---|\n");
                    for &f in figures {
                        let fig = &self.figures[f];
                        let _ = writeln!(
                            body,
                            "| {} | {} | {} | {} | [[{}]] | [[{}]] |",
                            self.calendar.day(fig.as_of).iso(),
                            MEASURES[fig.measure],
                            FIG_GROUPS[fig.group].0,
                            fig.display(),
                            self.actors[fig.claimed_by].id,
                            self.sources[fig.source].id
                        );
                    }
                } else {
                    body.push_str("| Date | Place | What happened |\n|---|---|---|\n");
                    let rows = self.rng.between(2, 4);
                    for _ in 0..rows {
                        let p = *self.rng.pick(places);
                        let d = (date - self.rng.between(0, 5) as i64).max(START);
                        let what = self
                            .rng
                            .pick(&EVENT_TITLES)
                            .replace("{P}", &self.places[p].name);
                        let _ = writeln!(
                            body,
                            "| {} | [[{}]] | {what} |",
                            self.calendar.day(d).iso(),
                            self.places[p].id
                        );
                    }
                }
                body.push('\n');
            }
        }
        if let Some(q) = quotes.first() {
            let _ = writeln!(
                body,
                "> {}\n>\n> — [[{}]], {}\n",
                q.text,
                self.actors[q.actor].id,
                self.calendar.day(q.date).long()
            );
        }
        if !events.is_empty() && self.rng.chance(0.5) {
            let _ = writeln!(body, "The timeline for this briefing lists {} event(s); see [[{}]] for the wider picture.\n", events.len(), self.places[places[0]].id);
        }
        body
    }
}
