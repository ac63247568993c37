//! A page context's hash, made by walking its typed struct.
//!
//! `serve` keeps a hash of each page's context to tell whether the page
//! must be rendered again after an edit. The context is fed to the hasher
//! as serde walks it: no JSON is written and nothing is allocated. Each
//! value is tagged with its type and each string with its length, so that
//! different contexts do not feed the same bytes. A struct's fields go in
//! the order they are declared; a map's entries (a Tera value's, a
//! flattened struct's) are hashed one by one and summed, so that the
//! order a map keeps its entries in does not matter. The hasher is
//! foldhash with a fixed seed: a context hashes the same in every rebuild
//! of a session, and no dossier is an adversary of its own server.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

use crate::fingerprint::{hasher, Hasher as Hasher64};

/// The hash of a value as serde walks it.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = hasher();
    // Nothing here fails: the error type exists because serde asks for one.
    let _ = value.serialize(Feed(&mut h));
    h.finish()
}

/// What `Feed` returns: a type of its own, so that `Shared` can tell the
/// hash from other serializers and hand it Tera's value as it is.
pub struct Fed;

/// Never made: serde's serializers must name an error type.
#[derive(Debug)]
pub struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("hashing a context cannot fail")
    }
}

impl std::error::Error for NoError {}

impl ser::Error for NoError {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NoError
    }
}

/// One tag per kind of value.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Tag {
    Bool = 1,
    Int,
    Uint,
    Float,
    Char,
    Str,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    Seq,
    Map,
    Struct,
}

/// Feeds what it is given into a hasher.
pub struct Feed<'h>(&'h mut Hasher64);

impl Feed<'_> {
    fn tag(&mut self, t: Tag) {
        self.0.write_u8(t as u8);
    }

    fn str(&mut self, s: &str) {
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
    }
}

/// A sequence, tuple or struct being fed: its items in order.
pub struct Ordered<'h> {
    h: &'h mut Hasher64,
    len: usize,
}

impl Ordered<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.len += 1;
        let _ = value.serialize(Feed(self.h));
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        Feed(self.h).str(key);
        self.item(value);
    }

    fn end(self) {
        self.h.write_usize(self.len);
    }
}

/// A map being fed: the sum of its entries' hashes, each made apart.
pub struct Unordered<'h> {
    h: &'h mut Hasher64,
    /// The entry whose key was given and whose value was not yet.
    entry: Option<Hasher64>,
    sum: u64,
    len: usize,
}

impl Unordered<'_> {
    fn entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        let mut e = hasher();
        let _ = key.serialize(Feed(&mut e));
        let _ = value.serialize(Feed(&mut e));
        self.add(e);
    }

    fn add(&mut self, e: Hasher64) {
        self.sum = self.sum.wrapping_add(e.finish());
        self.len += 1;
    }

    fn end(self) {
        self.h.write_usize(self.len);
        self.h.write_u64(self.sum);
    }
}

impl<'h> ser::Serializer for Feed<'h> {
    type Ok = Fed;
    type Error = NoError;
    type SerializeSeq = Ordered<'h>;
    type SerializeTuple = Ordered<'h>;
    type SerializeTupleStruct = Ordered<'h>;
    type SerializeTupleVariant = Ordered<'h>;
    type SerializeMap = Unordered<'h>;
    type SerializeStruct = Ordered<'h>;
    type SerializeStructVariant = Ordered<'h>;

    fn serialize_bool(mut self, v: bool) -> Result<Fed, NoError> {
        self.tag(Tag::Bool);
        self.0.write_u8(v as u8);
        Ok(Fed)
    }
    fn serialize_i8(self, v: i8) -> Result<Fed, NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Fed, NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Fed, NoError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(mut self, v: i64) -> Result<Fed, NoError> {
        self.tag(Tag::Int);
        self.0.write_i64(v);
        Ok(Fed)
    }
    fn serialize_i128(mut self, v: i128) -> Result<Fed, NoError> {
        self.tag(Tag::Int);
        self.0.write_i128(v);
        Ok(Fed)
    }
    fn serialize_u8(self, v: u8) -> Result<Fed, NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Fed, NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Fed, NoError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(mut self, v: u64) -> Result<Fed, NoError> {
        self.tag(Tag::Uint);
        self.0.write_u64(v);
        Ok(Fed)
    }
    fn serialize_u128(mut self, v: u128) -> Result<Fed, NoError> {
        self.tag(Tag::Uint);
        self.0.write_u128(v);
        Ok(Fed)
    }
    fn serialize_f32(self, v: f32) -> Result<Fed, NoError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(mut self, v: f64) -> Result<Fed, NoError> {
        self.tag(Tag::Float);
        self.0.write_u64(v.to_bits());
        Ok(Fed)
    }
    fn serialize_char(mut self, v: char) -> Result<Fed, NoError> {
        self.tag(Tag::Char);
        self.0.write_u32(v.into());
        Ok(Fed)
    }
    fn serialize_str(mut self, v: &str) -> Result<Fed, NoError> {
        self.tag(Tag::Str);
        self.str(v);
        Ok(Fed)
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<Fed, NoError> {
        self.tag(Tag::Bytes);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(Fed)
    }
    fn serialize_none(mut self) -> Result<Fed, NoError> {
        self.tag(Tag::None);
        Ok(Fed)
    }
    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Fed, NoError> {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<Fed, NoError> {
        self.tag(Tag::Unit);
        Ok(Fed)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Fed, NoError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Fed, NoError> {
        self.tag(Tag::Variant);
        self.str(variant);
        Ok(Fed)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Fed, NoError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Fed, NoError> {
        self.tag(Tag::Variant);
        self.str(variant);
        value.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Ordered<'h>, NoError> {
        self.tag(Tag::Seq);
        Ok(Ordered { h: self.0, len: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<Ordered<'h>, NoError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Ordered<'h>, NoError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Ordered<'h>, NoError> {
        self.tag(Tag::Variant);
        self.str(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(mut self, _: Option<usize>) -> Result<Unordered<'h>, NoError> {
        self.tag(Tag::Map);
        Ok(Unordered {
            h: self.0,
            entry: None,
            sum: 0,
            len: 0,
        })
    }
    fn serialize_struct(mut self, _: &'static str, _: usize) -> Result<Ordered<'h>, NoError> {
        self.tag(Tag::Struct);
        Ok(Ordered { h: self.0, len: 0 })
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Ordered<'h>, NoError> {
        self.tag(Tag::Variant);
        self.str(variant);
        self.serialize_struct("", len)
    }
}

/// The sequences and tuples serde knows, one impl each, all hashed the
/// same way: their items in order.
macro_rules! ordered_items {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Ordered<'_> {
            type Ok = Fed;
            type Error = NoError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NoError> {
                self.item(value);
                Ok(())
            }
            fn end(self) -> Result<Fed, NoError> {
                Ordered::end(self);
                Ok(Fed)
            }
        }
    )*};
}

ordered_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeStruct for Ordered<'_> {
    type Ok = Fed;
    type Error = NoError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NoError> {
        self.field(key, value);
        Ok(())
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), NoError> {
        // A skipped field is not a field with no value: mark it.
        Feed(self.h).str(key);
        self.h.write_u8(0);
        Ok(())
    }
    fn end(self) -> Result<Fed, NoError> {
        Ordered::end(self);
        Ok(Fed)
    }
}

impl ser::SerializeStructVariant for Ordered<'_> {
    type Ok = Fed;
    type Error = NoError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NoError> {
        self.field(key, value);
        Ok(())
    }
    fn end(self) -> Result<Fed, NoError> {
        Ordered::end(self);
        Ok(Fed)
    }
}

impl ser::SerializeMap for Unordered<'_> {
    type Ok = Fed;
    type Error = NoError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NoError> {
        let mut e = hasher();
        let _ = key.serialize(Feed(&mut e));
        self.entry = Some(e);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NoError> {
        // serde gives a value after its key; were it not to, the value is
        // hashed as an entry with no key.
        let mut e = self.entry.take().unwrap_or_else(hasher);
        let _ = value.serialize(Feed(&mut e));
        self.add(e);
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), NoError> {
        self.entry(key, value);
        Ok(())
    }
    fn end(self) -> Result<Fed, NoError> {
        Unordered::end(self);
        Ok(Fed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Two {
        a: Option<String>,
        b: Vec<u32>,
    }

    #[test]
    fn equal_values_hash_equal_and_different_ones_differ() {
        let x = |a: Option<&str>, b: &[u32]| {
            hash_of(&Two {
                a: a.map(String::from),
                b: b.to_vec(),
            })
        };
        assert_eq!(x(Some("x"), &[1, 2]), x(Some("x"), &[1, 2]));
        assert_ne!(x(Some("x"), &[1, 2]), x(Some("x"), &[2, 1]));
        assert_ne!(x(Some("x"), &[]), x(None, &[]));
        assert_ne!(x(Some(""), &[]), x(None, &[]));
        assert_ne!(hash_of(&("ab", "c")), hash_of(&("a", "bc")));
    }

    #[test]
    fn a_maps_order_does_not_matter() {
        let one: Vec<(&str, u32)> = vec![("a", 1), ("b", 2)];
        let map = |pairs: &[(&str, u32)]| {
            let m: std::collections::HashMap<&str, u32> = pairs.iter().copied().collect();
            hash_of(&m)
        };
        let mut two = one.clone();
        two.reverse();
        assert_eq!(map(&one), map(&two));
        assert_ne!(map(&one), map(&[("a", 2), ("b", 1)]));
    }
}
