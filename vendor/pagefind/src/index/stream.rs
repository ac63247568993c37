//! dossier's patch: the index built as pages arrive, in bounded memory.
//!
//! Upstream holds every fossicked page (its full text, and a map from each
//! of its words to every position, 32 bytes a position) until
//! `build_indexes`, then builds per-page word maps for all pages at once
//! before merging them: at 15,700 pages that peaked at 1.7 GiB. Here each
//! page is reduced as soon as it is fossicked (`PageDigest`: its fragment
//! serialized and gzipped, its words packed as the index packs them) and
//! merged into an `Accumulator`, which keeps each word's postings as
//! varint bytes until the index chunks are encoded, in parallel, at the end.
//!
//! The files it writes are the ones upstream writes for the same pages in
//! the same order (same CBOR structures, same hashing, same chunking rule);
//! only what is held in between differs.

use hashbrown::{hash_table::Entry, HashMap, HashTable};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use crate::{
    fossick::{word_hash, FossickedData, FossickedWord, MetaFossickedWord},
    utils::full_hash,
    SearchOptions,
};
use anyhow::{bail, Result};
use flate2::{read::GzDecoder, Compress, Compression, Crc, FlushCompress, Status};

use super::index_filter::{FilterIndex, PackedValue};
use super::index_metadata::{MetaFilter, MetaIndex, MetaPage, MetaSort};
use super::index_words::{PackedPage, PackedVariant, PackedWord};
use super::{
    chunk_meta_named, meta_positions_to_packed, parse_float_sort, parse_int_sort,
    positions_to_packed_page, PagefindIndexes, SortType,
};

/// What the index needs of one page, reduced as soon as it is fossicked.
pub struct PageDigest {
    pub language: String,
    pub url: String,
    pub has_custom_body: bool,
    pub force_inclusion: bool,
    pub has_html_element: bool,
    /// No words: the page is left out of the index (as upstream).
    pub empty: bool,
    sort: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    /// The page's meta field names; `meta_words` field ids index into it.
    meta_fields: Vec<String>,
    meta_words: Vec<(String, Vec<MetaFossickedWord>)>,
    words: Vec<DigestWord>,
    /// The text of every word, one after another.
    words_text: String,
    /// The packed locations of every word, as postings hold them
    /// (`Locations`).
    locations: Vec<u8>,
    /// `full_hash` of the fragment's JSON (the language prefix comes later).
    fragment_hash: String,
    /// The fragment's JSON, gzipped as it is written.
    fragment: Vec<u8>,
    word_count: usize,
}

/// One word of a page: its packed locations as written (if any), and
/// those of each diacritic variant.
struct DigestWord {
    /// The word's place in `words_text`.
    start: u32,
    end: u32,
    /// `word_hash` of the word.
    hash: u64,
    normalized: Option<Locations>,
    variants: Vec<(String, Locations)>,
}

/// dossier's patch: a word's packed locations on one page, in the
/// digest's `locations`: their count, then each value (zigzag), as LEB128
/// varints, as a posting holds them after the page's number. They are
/// encoded as the page is digested, in parallel, so that merging the page
/// (`Accumulator::push`, one thread) copies bytes.
#[derive(Clone, Copy)]
struct Locations {
    start: u32,
    end: u32,
    /// How many locations (upstream's measure for cutting chunks).
    count: u32,
}

impl Locations {
    fn encode(locs: &[i32], out: &mut Vec<u8>) -> Locations {
        let start = out.len() as u32;
        put_u(out, locs.len() as u32);
        for &l in locs {
            put_i(out, l);
        }
        Locations {
            start,
            end: out.len() as u32,
            count: locs.len() as u32,
        }
    }

    /// `positions_to_packed_page(positions).locs`, encoded, without the
    /// vector (the same sort, the same values).
    fn pack(positions: &mut [FossickedWord], out: &mut Vec<u8>) -> Locations {
        positions
            .sort_unstable_by_key(|p| (if p.weight == 25 { 0 } else { p.weight }, p.position));
        let mut weight = 25;
        let mut count = positions.len();
        for p in positions.iter() {
            if p.weight != weight {
                count += 1;
                weight = p.weight;
            }
        }
        let start = out.len() as u32;
        put_u(out, count as u32);
        let mut weight = 25;
        let mut last = 0;
        for p in positions.iter() {
            if p.weight != weight {
                put_i(out, -(p.weight as i32) - 1);
                put_i(out, p.position as i32);
                weight = p.weight;
            } else {
                put_i(out, (p.position - last) as i32);
            }
            last = p.position;
        }
        Locations {
            start,
            end: out.len() as u32,
            count: count as u32,
        }
    }

    fn bytes<'a>(&self, locations: &'a [u8]) -> &'a [u8] {
        &locations[self.start as usize..self.end as usize]
    }
}

impl PageDigest {
    pub fn new(page: FossickedData, gzip: &mut Gzip) -> Self {
        let empty = page.word_data.is_empty();
        let mut words = Vec::with_capacity(page.word_data.words.len());
        let mut locations = Vec::new();
        let mut positions = page.word_data.positions;
        for word in page.word_data.words {
            let normalized;
            let mut variants = Vec::new();
            let places = &mut positions[word.from as usize..word.to as usize];
            if places.iter().all(|p| p.original_word.is_none()) {
                // Most words: no diacritic variant, one list to pack.
                normalized = Some(Locations::pack(places, &mut locations));
            } else {
                let mut plain: Vec<FossickedWord> = Vec::new();
                let mut forms: BTreeMap<String, Vec<FossickedWord>> = BTreeMap::new();
                for fossicked in places.iter_mut() {
                    let mut fossicked = FossickedWord {
                        original_word: fossicked.original_word.take(),
                        ..*fossicked
                    };
                    match fossicked.original_word.take() {
                        None => plain.push(fossicked),
                        Some(form) => forms.entry(form).or_default().push(fossicked),
                    }
                }
                normalized = (!plain.is_empty()).then(|| {
                    Locations::encode(&positions_to_packed_page(plain, 0).locs, &mut locations)
                });
                for (form, p) in forms {
                    let locs = positions_to_packed_page(p, 0).locs;
                    variants.push((form, Locations::encode(&locs, &mut locations)));
                }
            }
            words.push(DigestWord {
                start: word.start,
                end: word.end,
                hash: word.hash,
                normalized,
                variants,
            });
        }
        let json = serde_json::to_string(&page.fragment.data).unwrap();
        PageDigest {
            language: page.language,
            url: page.url,
            has_custom_body: page.has_custom_body,
            force_inclusion: page.force_inclusion,
            has_html_element: page.has_html_element,
            empty,
            sort: page.sort,
            filters: page.fragment.data.filters,
            meta_fields: page.fragment.data.meta.keys().cloned().collect(),
            meta_words: page.meta_word_data.into_iter().collect(),
            words,
            words_text: page.word_data.text,
            locations,
            fragment_hash: full_hash(json.as_bytes()),
            fragment: gzip.dcd(json.as_bytes()),
            word_count: page.fragment.data.word_count,
        }
    }
}

/// dossier's patch: the gzip level of the fragments. Upstream used the
/// best level; fast (zlib-rs's `deflate_quick`) takes half the time of the
/// default level on a fragment, for files a third larger (a fragment is a
/// page's text, 3.8 KB, gzipped to 1.5 KB, now 1.9 KB: one disk block
/// either way). The browser fetches a few fragments a search.
pub const FRAGMENT_LEVEL: Compression = Compression::fast();

/// dossier's patch: the gzip level of the word and filter chunks, which
/// the browser fetches for every word searched (tens of KB each): level 2
/// (`deflate_fast`) for half the default level's time and 7% more bytes;
/// fast would add 38%.
pub const CHUNK_LEVEL: Compression = Compression::new(2);

/// Gzipped after the `pagefind_dcd` signature the browser runtime checks,
/// as a fragment (see `Gzip`).
pub fn gzip_dcd(data: &[u8]) -> Vec<u8> {
    Gzip::default().dcd(data)
}

/// The signature the browser runtime looks for in every file it decodes.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// dossier's patch: a gzip compressor kept from file to file. A new
/// deflate state allocates and zeroes some 300 KB, and the index has a
/// file for every page; `Compress::reset` keeps the memory. It writes what
/// flate2's `GzEncoder` writes (its header and trailer; the deflate stream
/// may differ in a few bytes where `GzEncoder` fed it in pieces).
pub struct Gzip {
    deflate: Compress,
    level: Compression,
}

/// A fragment's compressor.
impl Default for Gzip {
    fn default() -> Self {
        Self::new(FRAGMENT_LEVEL)
    }
}

impl Gzip {
    pub fn new(level: Compression) -> Self {
        Gzip {
            deflate: Compress::new(level, false),
            level,
        }
    }

    /// `data` gzipped after the `pagefind_dcd` signature.
    pub fn dcd(&mut self, data: &[u8]) -> Vec<u8> {
        self.deflate.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        // flate2's header: no name, no time, "unknown" system, and the
        // level's hint.
        let hint = if self.level.level() >= Compression::best().level() {
            2
        } else if self.level.level() <= Compression::fast().level() {
            4
        } else {
            0
        };
        out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, hint, 255]);
        self.feed(SIGNATURE, FlushCompress::None, &mut out);
        self.feed(data, FlushCompress::Finish, &mut out);
        let mut crc = Crc::new();
        crc.update(SIGNATURE);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }

    /// Deflates all of `input` into `out`, to the end of the stream if
    /// `flush` is `Finish`.
    fn feed(&mut self, mut input: &[u8], flush: FlushCompress, out: &mut Vec<u8>) {
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(1024));
            }
            let before = self.deflate.total_in();
            let status = self
                .deflate
                .compress_vec(input, out, flush)
                .expect("deflating into memory cannot fail");
            input = &input[(self.deflate.total_in() - before) as usize..];
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => input.is_empty(),
            };
            if done {
                return;
            }
        }
    }
}

fn gunzip_dcd(data: &[u8]) -> String {
    let mut s = String::new();
    GzDecoder::new(data).read_to_string(&mut s).unwrap();
    s.split_off("pagefind_dcd".len())
}

struct PageEntry {
    hash: String,
    word_count: usize,
    sort: BTreeMap<String, String>,
    fragment: Vec<u8>,
}

struct MetaEntry {
    page: u32,
    /// An id in the accumulator's `meta_fields`.
    field: u16,
    position: u32,
    form: Option<Box<str>>,
}

/// One word's postings: for each page, its number, then the count and
/// the values of its packed locations, as LEB128 varints (zigzag for the
/// locations, whose weight markers are negative).
#[derive(Default)]
struct Postings {
    /// `word_hash` of the word, for the accumulator's table.
    hash: u64,
    body: Vec<u8>,
    variants: Vec<(String, Vec<u8>)>,
    meta: Vec<MetaEntry>,
    /// Upstream's measure for cutting chunks (locations + pages).
    size: usize,
}

fn put_u(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn get_u(buf: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = buf[*at];
        *at += 1;
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

fn put_i(buf: &mut Vec<u8>, l: i32) {
    put_u(buf, ((l << 1) ^ (l >> 31)) as u32);
}

fn put_entry(buf: &mut Vec<u8>, page: u32, locs: &[i32]) {
    put_u(buf, page);
    put_u(buf, locs.len() as u32);
    for &l in locs {
        put_i(buf, l);
    }
}

/// Decodes postings into packed pages (absolute page numbers).
fn decode(buf: &[u8]) -> Vec<PackedPage> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let page_number = get_u(buf, &mut at) as usize;
        let n = get_u(buf, &mut at) as usize;
        let locs = (0..n)
            .map(|_| {
                let z = get_u(buf, &mut at);
                ((z >> 1) as i32) ^ -((z & 1) as i32)
            })
            .collect();
        out.push(PackedPage {
            page_number,
            locs,
            meta_locs: vec![],
        });
    }
    out
}

/// Re-encodes postings with every page number moved by `offset`.
fn shifted(buf: &[u8], offset: u32, into: &mut Vec<u8>) {
    for p in decode(buf) {
        put_entry(into, p.page_number as u32 + offset, &p.locs);
    }
}

/// The pages of one language (or one part of it), numbered as they come.
#[derive(Default)]
pub struct Accumulator {
    pages: Vec<PageEntry>,
    /// dossier's patch: each word and its postings, filed by the
    /// `word_hash` the page's digest brings (a `HashMap` hashed every word
    /// of every page again, on this one thread).
    words: HashTable<(Box<str>, Postings)>,
    filters: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Meta field names in order of first appearance.
    meta_fields: Vec<String>,
}

impl Accumulator {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn meta_field(&mut self, name: &str) -> u16 {
        match self.meta_fields.iter().position(|f| f == name) {
            Some(i) => i as u16,
            None => {
                self.meta_fields.push(name.to_string());
                (self.meta_fields.len() - 1) as u16
            }
        }
    }

    /// The postings of `word` (whose `word_hash` is `hash`), made empty
    /// if the word is new.
    fn postings(&mut self, word: &str, hash: u64) -> &mut Postings {
        match self
            .words
            .entry(hash, |(w, _)| **w == *word, |(_, p)| p.hash)
        {
            Entry::Occupied(e) => &mut e.into_mut().1,
            Entry::Vacant(e) => {
                let postings = Postings {
                    hash,
                    ..Postings::default()
                };
                &mut e.insert((word.into(), postings)).into_mut().1
            }
        }
    }

    pub fn push(&mut self, page: PageDigest) {
        let number = self.pages.len() as u32;
        let fields: Vec<u16> = page.meta_fields.iter().map(|f| self.meta_field(f)).collect();
        let bytes = &page.locations[..];
        for DigestWord {
            start,
            end,
            hash,
            normalized,
            variants,
        } in page.words
        {
            let word = &page.words_text[start as usize..end as usize];
            let postings = self.postings(word, hash);
            if let Some(locs) = normalized {
                postings.size += locs.count as usize + 1;
                put_u(&mut postings.body, number);
                postings.body.extend_from_slice(locs.bytes(bytes));
            }
            for (form, locs) in variants {
                postings.size += locs.count as usize + 1;
                let at = match postings.variants.iter().position(|v| v.0 == form) {
                    Some(at) => at,
                    None => {
                        postings.size += 1;
                        postings.variants.push((form, Vec::new()));
                        postings.variants.len() - 1
                    }
                };
                let buf = &mut postings.variants[at].1;
                put_u(buf, number);
                buf.extend_from_slice(locs.bytes(bytes));
            }
        }
        for (word, positions) in page.meta_words {
            let postings = self.postings(&word, word_hash(&word));
            postings.size += positions.len() + 1;
            postings
                .meta
                .extend(positions.into_iter().map(|m| MetaEntry {
                    page: number,
                    field: fields[m.field_id as usize],
                    position: m.position,
                    form: m.original_word.map(String::into_boxed_str),
                }));
        }
        for (filter, values) in page.filters {
            let filter = self.filters.entry(filter).or_default();
            for value in values {
                filter.entry(value).or_default().push(number as usize);
            }
        }
        self.pages.push(PageEntry {
            hash: page.fragment_hash,
            word_count: page.word_count,
            sort: page.sort,
            fragment: page.fragment,
        });
    }

    /// Appends `other`'s pages after this one's (upstream appends the pages
    /// without a language to the site's main language).
    pub fn append(&mut self, other: Accumulator) {
        let offset = self.pages.len() as u32;
        let fields: Vec<u16> = other.meta_fields.iter().map(|f| self.meta_field(f)).collect();
        for (word, theirs) in other.words {
            let ours = self.postings(&word, theirs.hash);
            ours.size += theirs.size;
            shifted(&theirs.body, offset, &mut ours.body);
            for (form, buf) in theirs.variants {
                let at = match ours.variants.iter().position(|v| v.0 == form) {
                    Some(at) => at,
                    None => {
                        ours.variants.push((form, Vec::new()));
                        ours.variants.len() - 1
                    }
                };
                shifted(&buf, offset, &mut ours.variants[at].1);
            }
            ours.meta.extend(theirs.meta.into_iter().map(|m| MetaEntry {
                page: m.page + offset,
                field: fields[m.field as usize],
                ..m
            }));
        }
        for (filter, values) in other.filters {
            let ours = self.filters.entry(filter).or_default();
            for (value, pages) in values {
                ours.entry(value)
                    .or_default()
                    .extend(pages.into_iter().map(|p| p + offset as usize));
            }
        }
        self.pages.extend(other.pages);
    }

    /// Encodes the index of these pages: the work of upstream's
    /// `build_indexes` from its merged word map on.
    pub fn finish(self, language: String, options: &SearchOptions) -> Result<PagefindIndexes> {
        let Accumulator {
            pages,
            words,
            filters,
            meta_fields: interned,
        } = self;
        let mut meta = MetaIndex {
            version: options.version.into(),
            pages: Vec::new(),
            index_chunks: Vec::new(),
            filters: Vec::new(),
            sorts: Vec::new(),
            meta_fields: Vec::new(),
        };

        let mut sorts: Vec<_> = pages.iter().flat_map(|p| p.sort.keys().cloned()).collect();
        sorts.sort_unstable();
        sorts.dedup();
        for sort_key in sorts.iter() {
            let numeric = pages
                .iter()
                .flat_map(|p| p.sort.get(sort_key))
                .all(|v| parse_int_sort(v).is_some() || parse_float_sort(v).is_some());
            let sort_type = if numeric {
                SortType::Number
            } else {
                SortType::String
            };
            let mut page_values: Vec<_> = pages
                .iter()
                .enumerate()
                .flat_map(|(n, p)| p.sort.get(sort_key).map(|v| (v, n)))
                .collect();
            match sort_type {
                SortType::String => page_values.sort_by_key(|p| p.0),
                SortType::Number => page_values.sort_by(|p1, p2| {
                    let num = |v: &str| {
                        parse_int_sort(v)
                            .map(|i| i as f32)
                            .unwrap_or_else(|| parse_float_sort(v).unwrap_or_default())
                    };
                    num(p1.0).total_cmp(&num(p2.0))
                }),
            }
            meta.sorts.push(MetaSort {
                sort: sort_key.clone(),
                pages: page_values.into_iter().map(|p| p.1).collect(),
            });
        }

        // Field ids in the index follow the sorted field names.
        meta.meta_fields = interned
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let field_ids: Vec<u16> = interned
            .iter()
            .map(|f| meta.meta_fields.iter().position(|m| m == f).unwrap() as u16)
            .collect();

        // Fragments: short hashes, lengthened on a collision; identical
        // pages share one file.
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut fragments: Vec<(String, usize, Vec<u8>)> = Vec::new();
        for page in pages {
            let full = format!("{}_{}", language, page.hash);
            let mut len = language.len() + 8;
            let hash = loop {
                let short = &full[..len.min(full.len())];
                match taken.get(short) {
                    None => {
                        taken.insert(short.to_string(), full.clone());
                        fragments.push((short.to_string(), page.word_count, page.fragment));
                        break short.to_string();
                    }
                    Some(f) if *f == full => break short.to_string(),
                    Some(_) if len >= full.len() => break short.to_string(),
                    Some(_) => len += 1,
                }
            };
            meta.pages.push(MetaPage {
                hash,
                word_count: page.word_count as u32,
                group_hash: "".into(),
            });
        }
        let page_count = meta.pages.len();
        let fragments = match options
            .max_fragments
            .filter(|&m| m > 0 && (m as usize) < fragments.len())
        {
            Some(max) => group_fragments(fragments, max, &language, &mut meta, options),
            None => fragments.into_iter().map(|(h, _, f)| (h, f)).collect(),
        };

        let mut filter_indexes = HashMap::new();
        for (filter, values) in filters {
            let mut filter_index: Vec<u8> = Vec::new();
            let _ = minicbor::encode::<FilterIndex, &mut Vec<u8>>(
                FilterIndex {
                    filter: filter.clone(),
                    values: values
                        .into_iter()
                        .map(|(value, pages)| PackedValue { value, pages })
                        .collect(),
                },
                filter_index.as_mut(),
            );
            let hash = format!("{}_{}", language, full_hash(&filter_index));
            let mut short_hash = &hash[0..=(language.len() + 7)];
            while filter_indexes.contains_key(short_hash) && short_hash.len() < hash.len() {
                short_hash = &hash[0..=short_hash.len()];
            }
            filter_indexes.insert(short_hash.to_string(), filter_index);
            meta.filters.push(MetaFilter {
                filter,
                hash: short_hash.to_string(),
            })
        }

        if TryInto::<u32>::try_into(meta.pages.len()).is_err() {
            bail!(
                "Language {language} has too many documents to index, must be < {}",
                u32::MAX
            );
        }

        // Word chunks, cut by upstream's rule, encoded in parallel.
        let word_count = words.len();
        let mut words: Vec<(Box<str>, Postings)> = words.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut chunks: Vec<Vec<(Box<str>, Postings)>> = Vec::new();
        let mut chunk = Vec::new();
        let mut size = 0;
        for word in words {
            size += word.1.size;
            chunk.push(word);
            if size >= options.index_chunk_size {
                chunks.push(std::mem::take(&mut chunk));
                size = 0;
            }
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        let names: Vec<(String, String)> = chunks
            .iter()
            .map(|c| (c[0].0.to_string(), c[c.len() - 1].0.to_string()))
            .collect();
        meta.index_chunks = chunk_meta_named(&names);

        let encoded: Vec<(Vec<u8>, String)> = chunks
            .into_par_iter()
            .map(|chunk| {
                // dossier's patch: what `minicbor::encode(WordIndex { words })`
                // writes, a word at a time, without building each page's
                // locations as a vector.
                let mut word_index: Vec<u8> = Vec::new();
                let mut e = minicbor::Encoder::new(&mut word_index);
                let _ = e.array(1).and_then(|e| e.array(chunk.len() as u64));
                for (word, postings) in chunk {
                    if postings.meta.is_empty() {
                        encode_word(&mut e, &word, &postings);
                    } else {
                        let _ = e.encode(packed_word(word.into_string(), postings, &field_ids));
                    }
                }
                let hash = format!("{}_{}", language, full_hash(&word_index));
                (word_index, hash)
            })
            .collect();
        let mut word_indexes: HashMap<String, Vec<u8>> = HashMap::new();
        for (i, (word_index, hash)) in encoded.into_iter().enumerate() {
            let mut short_hash = &hash[0..=(language.len() + 7)];
            while word_indexes.contains_key(short_hash) && short_hash.len() < hash.len() {
                short_hash = &hash[0..=short_hash.len()];
            }
            meta.index_chunks[i].hash = short_hash.into();
            word_indexes.insert(short_hash.to_string(), word_index);
        }

        let mut meta_index: Vec<u8> = Vec::new();
        let _ = minicbor::encode::<MetaIndex, &mut Vec<u8>>(meta, meta_index.as_mut());
        let meta_hash = format!(
            "{}_{}",
            language,
            &full_hash(&meta_index)[0..=(language.len() + 7)]
        );

        Ok(PagefindIndexes {
            word_indexes,
            filter_indexes,
            sorts,
            meta_index: (meta_hash, meta_index),
            fragments,
            language,
            word_count,
            page_count,
        })
    }
}

/// dossier's patch: how many pages `buf`'s postings hold.
fn count_pages(buf: &[u8]) -> u64 {
    let mut pages = 0;
    let mut at = 0;
    while at < buf.len() {
        get_u(buf, &mut at);
        let n = get_u(buf, &mut at);
        for _ in 0..n {
            while buf[at] >= 0x80 {
                at += 1;
            }
            at += 1;
        }
        pages += 1;
    }
    pages
}

/// dossier's patch: postings without meta locations written as
/// `Vec<PackedPage>` encodes them once delta-encoded (`packed_word`): each
/// page an array of its page number (less the previous one), its
/// locations, and no meta locations.
fn encode_pages(e: &mut minicbor::Encoder<&mut Vec<u8>>, buf: &[u8]) {
    let _ = e.array(count_pages(buf));
    let mut at = 0;
    let mut last = 0;
    while at < buf.len() {
        let page = get_u(buf, &mut at);
        let n = get_u(buf, &mut at);
        let _ = e.array(3).and_then(|e| e.u64((page - last) as u64));
        let _ = e.array(n as u64);
        for _ in 0..n {
            let z = get_u(buf, &mut at);
            let _ = e.i32(((z >> 1) as i32) ^ -((z & 1) as i32));
        }
        let _ = e.array(0);
        last = page;
    }
}

/// dossier's patch: what encoding `packed_word(word, postings)` writes,
/// for a word without meta locations (most words), straight from its
/// postings.
fn encode_word(e: &mut minicbor::Encoder<&mut Vec<u8>>, word: &str, postings: &Postings) {
    let _ = e.array(3).and_then(|e| e.str(word));
    encode_pages(e, &postings.body);
    let _ = e.array(postings.variants.len() as u64);
    for (form, buf) in &postings.variants {
        let _ = e.array(2).and_then(|e| e.str(form));
        encode_pages(e, buf);
    }
}

/// Upstream's `max_fragments`: fragments bundled into shared files.
fn group_fragments(
    fragments: Vec<(String, usize, Vec<u8>)>,
    max_fragments: u32,
    language: &str,
    meta: &mut MetaIndex,
    options: &SearchOptions,
) -> Vec<(String, Vec<u8>)> {
    let group_size = (fragments.len() as f32 / max_fragments as f32).ceil() as usize;
    options.logger.info(format!(
        "Bundling {} fragments into groups of {}, resulting in {} files",
        fragments.len(),
        group_size,
        fragments.chunks(group_size).len()
    ));
    let mut group_of: HashMap<String, String> = HashMap::new();
    let mut group_hashes: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for chunk in fragments.chunks(group_size) {
        let mut group_map = BTreeMap::new();
        for (hash, _, frag) in chunk {
            let val: serde_json::Value = serde_json::from_str(&gunzip_dcd(frag)).unwrap();
            group_map.insert(hash.clone(), val);
        }
        let group_json = serde_json::to_string(&group_map).unwrap();
        let prefix = format!("{language}_group_");
        let group_hash = format!("{prefix}{}", full_hash(group_json.as_bytes()));
        let mut hash_length = 7;
        let mut short = &group_hash[..prefix.len() + hash_length];
        while group_hashes.contains(short) && hash_length < 40 {
            hash_length += 1;
            short = &group_hash[..prefix.len() + hash_length];
        }
        group_hashes.insert(short.to_string());
        for (hash, _, _) in chunk {
            group_of.insert(hash.clone(), short.to_string());
        }
        out.push((short.to_string(), gzip_dcd(group_json.as_bytes())));
    }
    for page in meta.pages.iter_mut() {
        page.group_hash = group_of[&page.hash].clone();
    }
    out
}

/// One word's postings as the index encodes them: meta locations merged
/// into the pages they belong to, page numbers delta-encoded.
fn packed_word(word: String, postings: Postings, field_ids: &[u16]) -> PackedWord {
    let Postings {
        body,
        variants,
        meta,
        ..
    } = postings;
    let mut pages = decode(&body);
    let mut additional_variants: Vec<PackedVariant> = variants
        .into_iter()
        .map(|(form, buf)| PackedVariant {
            form,
            pages: decode(&buf),
        })
        .collect();

    // Meta positions, grouped by form then page (entries come in page order).
    let mut by_form: BTreeMap<Option<Box<str>>, Vec<(u32, MetaFossickedWord)>> = BTreeMap::new();
    for m in meta {
        by_form.entry(m.form).or_default().push((
            m.page,
            MetaFossickedWord {
                field_id: field_ids[m.field as usize],
                position: m.position,
                original_word: None,
            },
        ));
    }
    for (form, entries) in by_form {
        let target = match form {
            None => &mut pages,
            Some(form) => {
                let at = match additional_variants.iter().position(|v| *v.form == *form) {
                    Some(at) => at,
                    None => {
                        additional_variants.push(PackedVariant {
                            form: form.into(),
                            pages: Vec::new(),
                        });
                        additional_variants.len() - 1
                    }
                };
                &mut additional_variants[at].pages
            }
        };
        // dossier's patch: pages with the word only in their meta are
        // gathered (in page order, as the entries come) and merged in
        // once, not inserted one by one into the sorted pages (a shift of
        // every later page each: quadratic in a common title word's pages).
        let mut added: Vec<PackedPage> = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let page = entries[i].0;
            let mut positions = Vec::new();
            while i < entries.len() && entries[i].0 == page {
                positions.push(entries[i].1.clone());
                i += 1;
            }
            let meta_locs = meta_positions_to_packed(positions);
            match target.binary_search_by_key(&(page as usize), |p| p.page_number) {
                Ok(at) => target[at].meta_locs = meta_locs,
                Err(_) => added.push(PackedPage {
                    page_number: page as usize,
                    locs: vec![],
                    meta_locs,
                }),
            }
        }
        if !added.is_empty() {
            let had = std::mem::take(target);
            target.reserve(had.len() + added.len());
            let (mut had, mut added) = (had.into_iter().peekable(), added.into_iter().peekable());
            loop {
                let next = match (had.peek(), added.peek()) {
                    (Some(h), Some(a)) if h.page_number < a.page_number => had.next(),
                    (Some(_), Some(_)) | (None, Some(_)) => added.next(),
                    (Some(_), None) => had.next(),
                    (None, None) => break,
                };
                target.extend(next);
            }
        }
    }

    let delta = |pages: &mut Vec<PackedPage>| {
        let mut last = 0;
        for page in pages.iter_mut() {
            let n = page.page_number;
            page.page_number = n - last;
            last = n;
        }
    };
    delta(&mut pages);
    for v in additional_variants.iter_mut() {
        delta(&mut v.pages);
    }
    PackedWord {
        word,
        pages,
        additional_variants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let mut buf = Vec::new();
        put_entry(&mut buf, 0, &[0, 5, -25, 300, 1]);
        put_entry(&mut buf, 70_000, &[]);
        let pages = decode(&buf);
        assert_eq!(pages[0].page_number, 0);
        assert_eq!(pages[0].locs, vec![0, 5, -25, 300, 1]);
        assert_eq!(pages[1].page_number, 70_000);
        assert!(pages[1].locs.is_empty());
        let mut moved = Vec::new();
        shifted(&buf, 3, &mut moved);
        assert_eq!(decode(&moved)[1].page_number, 70_003);
    }

    /// dossier's patch: pages that have a word only in their meta (a title
    /// word the body lacks) are merged into the word's pages at the end.
    /// The word must come out as if each such page had an empty entry in
    /// the body (or in its variant's), where `packed_word` fills in the
    /// meta of a page it has.
    #[test]
    fn meta_only_pages_are_merged_in_page_order() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        let forms = [None, Some("a"), Some("b")];
        for case in 0..2_000 {
            // Each page: in the body, in variant `a`, and in meta of some forms.
            let mut body = Vec::new();
            let mut variants: Vec<(String, Vec<u8>)> = Vec::new();
            if next(2) == 0 {
                variants.push(("a".to_string(), Vec::new()));
            }
            let mut meta = Vec::new();
            let (mut body_full, mut variants_full) = (Vec::new(), variants.clone());
            let mut full_forms: Vec<(String, Vec<u8>)> = Vec::new();
            for page in 0..next(60) as u32 {
                let in_body = next(3) == 0;
                if in_body {
                    let locs: Vec<i32> = (0..next(4)).map(|_| next(500) as i32).collect();
                    put_entry(&mut body, page, &locs);
                    put_entry(&mut body_full, page, &locs);
                }
                for form in forms {
                    if next(4) != 0 {
                        continue;
                    }
                    for _ in 0..=next(2) {
                        meta.push(MetaEntry {
                            page,
                            field: next(3) as u16,
                            position: next(50) as u32,
                            form: form.map(Into::into),
                        });
                    }
                    // What the same page looks like with an empty entry.
                    match form {
                        None if !in_body => put_entry(&mut body_full, page, &[]),
                        None => {}
                        Some(f) => {
                            let buf = match variants_full.iter_mut().find(|(v, _)| v == f) {
                                Some((_, buf)) => buf,
                                None => match full_forms.iter_mut().find(|(v, _)| v == f) {
                                    Some((_, buf)) => buf,
                                    None => {
                                        full_forms.push((f.to_string(), Vec::new()));
                                        &mut full_forms.last_mut().unwrap().1
                                    }
                                },
                            };
                            if decode(buf).last().map(|p| p.page_number) != Some(page as usize) {
                                put_entry(buf, page, &[]);
                            }
                        }
                    }
                }
            }
            // Variants the meta alone brings in come after the others, by form.
            full_forms.sort();
            variants_full.extend(full_forms);
            let postings = |body: Vec<u8>, variants: Vec<(String, Vec<u8>)>| Postings {
                hash: 0,
                body,
                variants,
                meta: meta
                    .iter()
                    .map(|m| MetaEntry {
                        page: m.page,
                        field: m.field,
                        position: m.position,
                        form: m.form.clone(),
                    })
                    .collect(),
                size: 0,
            };
            let fields = [3, 1, 2];
            let merged = packed_word("w".into(), postings(body, variants), &fields);
            let filled = packed_word("w".into(), postings(body_full, variants_full), &fields);
            assert_eq!(format!("{merged:?}"), format!("{filled:?}"), "case {case}");
        }
    }

    /// dossier's patch: a word's places packed in one pass (`pack`) are
    /// the bytes of upstream's locations (`positions_to_packed_page`)
    /// encoded, with the same count, whatever the weights and positions
    /// (repeated, out of order, the default weight 25 or not).
    #[test]
    fn packed_places_are_upstreams_locations() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for case in 0..5_000 {
            let len = next(40) as usize;
            let positions: Vec<FossickedWord> = (0..len)
                .map(|_| FossickedWord {
                    position: next(if case % 2 == 0 { 600 } else { 100_000 }) as u32,
                    weight: match next(4) {
                        0 | 1 => 25,
                        2 => 24,
                        _ => next(26) as u8,
                    },
                    original_word: None,
                })
                .collect();
            let upstream = super::super::positions_to_packed_page(positions.clone(), 0).locs;
            let mut want = Vec::new();
            let want_at = Locations::encode(&upstream, &mut want);
            let mut got = vec![7u8; case % 3];
            let at = Locations::pack(&mut positions.clone(), &mut got);
            assert_eq!(at.bytes(&got), want_at.bytes(&want), "case {case}: {positions:?}");
            assert_eq!(at.count, want_at.count, "case {case}");
        }
    }
}
