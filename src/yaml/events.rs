//! The event stream of libyaml-rs, the parser under `serde_yaml`, behind one
//! safe function.
//!
//! `serde_yaml` (yaml_serde) parses with libyaml-rs and keeps no positions;
//! libyaml-rs's events carry the marks (byte offsets) that yaml_serde
//! reports in its own errors. Reading the events ourselves gives the span
//! index (`spans`) the very positions of the parse that accepted the file.
//! libyaml-rs is a C-style API (raw pointers), so this is the one module of
//! dossier that holds `unsafe`: a parser is created, fed one string, read
//! event by event and deleted, and nothing it owns escapes this function.
#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// What an event opens, closes or is, with what `spans` needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A scalar, as the parse reads it (quotes and escapes resolved).
    Scalar(String),
    /// `*name`: a node written elsewhere.
    Alias,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

/// Calls `each` with every node event of `yaml` and its byte range (the
/// start and end marks) in `yaml`, in document order. Stream and document
/// events are skipped; a syntax error ends the stream where it stands (the
/// index then covers what came before it).
pub(crate) fn events(yaml: &str, mut each: impl FnMut(Event, usize, usize)) {
    /// Deletes the parser however the loop ends (a panic in `each` too).
    struct Parser(Box<MaybeUninit<sys::yaml_parser_t>>);
    impl Drop for Parser {
        fn drop(&mut self) {
            // SAFETY: the parser was initialised before this guard was made,
            // and is deleted once.
            unsafe { sys::yaml_parser_delete(self.0.as_mut_ptr()) }
        }
    }
    let mut raw = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
    // SAFETY: `raw` is a valid, boxed (so unmoving) place for a parser.
    if unsafe { sys::yaml_parser_initialize(raw.as_mut_ptr()) }.fail {
        return;
    }
    let mut parser = Parser(raw);
    let p = parser.0.as_mut_ptr();
    // SAFETY: `p` is initialised; `yaml` outlives the parser, which is
    // dropped at the end of this function.
    unsafe {
        sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
        sys::yaml_parser_set_input_string(p, yaml.as_ptr(), yaml.len() as u64);
    }
    loop {
        let mut raw_event = MaybeUninit::<sys::yaml_event_t>::uninit();
        let ev = raw_event.as_mut_ptr();
        // SAFETY: `p` is an initialised parser that has not failed (the loop
        // ends on the first failure); on success `ev` is initialised, read
        // (its scalar's bytes copied out) and deleted before the next call.
        let (event, start, end, done) = unsafe {
            if sys::yaml_parser_parse(p, ev).fail {
                return;
            }
            let e = &*ev;
            let event = match e.type_ {
                sys::YAML_SCALAR_EVENT => {
                    let s = &e.data.scalar;
                    let bytes = if s.value.is_null() {
                        &[][..]
                    } else {
                        std::slice::from_raw_parts(s.value, s.length as usize)
                    };
                    Some(Event::Scalar(String::from_utf8_lossy(bytes).into_owned()))
                }
                sys::YAML_ALIAS_EVENT => Some(Event::Alias),
                sys::YAML_SEQUENCE_START_EVENT => Some(Event::SequenceStart),
                sys::YAML_SEQUENCE_END_EVENT => Some(Event::SequenceEnd),
                sys::YAML_MAPPING_START_EVENT => Some(Event::MappingStart),
                sys::YAML_MAPPING_END_EVENT => Some(Event::MappingEnd),
                _ => None,
            };
            let done = e.type_ == sys::YAML_STREAM_END_EVENT;
            let (start, end) = (e.start_mark.index as usize, e.end_mark.index as usize);
            sys::yaml_event_delete(ev);
            (event, start, end, done)
        };
        if let Some(event) = event {
            each(event, start.min(yaml.len()), end.min(yaml.len()));
        }
        if done {
            return;
        }
    }
}
