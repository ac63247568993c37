//! Dates as a dossier gives them: a day, or only a month or a year.
//!
//! Sources do not always give the day, so a date carries its precision and
//! is shown as written. Every stage compares dates (the ledger, the
//! timeline, the checks), and the loader parses them: the type lives on the
//! lowest floor, with the calendar itself left to jiff.

use serde::{Deserialize, Deserializer};

/// A calendar date as written in front matter: `YYYY-MM-DD`, and a real
/// day. Sources do not always give the day: `YYYY-MM` and `YYYY` are dates
/// of that precision, shown as written ("March 2022", "2022") and ordered by
/// the last day of their period, so that nothing dated only "2022" claims a
/// day the material does not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date, pub Precision);

/// How much of a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let shape = match b.len() {
            10 if b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10) => Precision::Day,
            7 if b[4] == b'-' && digits(0..4) && digits(5..7) => Precision::Month,
            4 if digits(0..4) => Precision::Year,
            _ => return Err(format!("expected a date as YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known), found `{s}`")),
        };
        let year: i16 = s[0..4]
            .parse()
            .map_err(|_| format!("`{s}` has an impossible year"))?;
        let month: i8 = if shape == Precision::Year {
            12
        } else {
            s[5..7].parse().unwrap_or(0)
        };
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{s}` is not a real date: there is no month {month}"
            ));
        }
        let first = jiff::civil::Date::new(year, month, 1)
            .map_err(|e| format!("`{s}` is not a real date: {e}"))?;
        let days = first.days_in_month();
        let day: i8 = if shape == Precision::Day {
            s[8..10].parse().unwrap_or(0)
        } else {
            days
        };
        if day < 1 || day > days {
            let name = MONTHS[month as usize - 1];
            return Err(format!(
                "`{s}` is not a real date: {name} {year} has {days} days"
            ));
        }
        Ok(Date(
            jiff::civil::Date::new(year, month, day).expect("checked above"),
            shape,
        ))
    }

    /// The first day the date may mean (`2022` may be any day of 2022).
    pub fn first_day(&self) -> jiff::civil::Date {
        match self.1 {
            Precision::Day => self.0,
            Precision::Month => self.0.first_of_month(),
            Precision::Year => self.0.first_of_year(),
        }
    }

    /// "day", "month" or "year": how much of the date was given.
    pub fn precision(&self) -> &'static str {
        match self.1 {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }

    /// As written and as HTML's `datetime` accepts it: `2022-01-07`, `2022-03`, `2022`.
    pub fn iso(&self) -> String {
        let d = self.0;
        // A year of four digits (every date a front matter can give) is
        // written by hand: pages show dates by the hundred thousand.
        if !(0..=9999).contains(&d.year()) {
            return match self.1 {
                Precision::Day => d.to_string(),
                Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
                Precision::Year => format!("{:04}", d.year()),
            };
        }
        let mut out = String::with_capacity(10);
        push_padded(&mut out, d.year() as u32, 4);
        if self.1 != Precision::Year {
            out.push('-');
            push_padded(&mut out, d.month() as u32, 2);
        }
        if self.1 == Precision::Day {
            out.push('-');
            push_padded(&mut out, d.day() as u32, 2);
        }
        out
    }

    /// `7 January 2022`, `March 2022`, `2022`
    pub fn long(&self) -> String {
        self.named(MONTHS[self.0.month() as usize - 1])
    }

    /// `7 Jan`, `Mar 2022`, `2022`
    pub fn short(&self) -> String {
        let d = self.0;
        let month = &MONTHS[d.month() as usize - 1][..3];
        match self.1 {
            Precision::Day => {
                let mut out = String::with_capacity(6);
                push_padded(&mut out, d.day() as u32, 1);
                out.push(' ');
                out.push_str(month);
                out
            }
            _ => self.named(month),
        }
    }

    /// `7 {month} 2022`, `{month} 2022`, `2022`: the day and year as
    /// numbers (no padding), the month as given.
    fn named(&self, month: &str) -> String {
        let d = self.0;
        let mut out = String::with_capacity(20);
        if self.1 == Precision::Day {
            push_padded(&mut out, d.day() as u32, 1);
            out.push(' ');
        }
        if self.1 != Precision::Year {
            out.push_str(month);
            out.push(' ');
        }
        if d.year() < 0 {
            out.push('-');
        }
        push_padded(&mut out, d.year().unsigned_abs() as u32, 1);
        out
    }

    /// Whether the day is known.
    pub fn is_exact(&self) -> bool {
        self.1 == Precision::Day
    }

    /// Days from `self` to `other` (positive when `other` is later), each
    /// taken at the day it sorts by (a month or a year by its last day).
    pub fn days_until(&self, other: &Date) -> i64 {
        // A span between two civil dates is in days unless asked otherwise,
        // and any two dates jiff holds are within its range of one another.
        self.0
            .until(other.0)
            .map_or(0, |span| i64::from(span.get_days()))
    }
}

/// Writes `n` in decimal, with zeros in front up to `width` digits.
fn push_padded(out: &mut String, n: u32, width: usize) {
    let mut digits = [0u8; 10];
    let mut len = 0;
    let mut n = n;
    while n > 0 || len < width.max(1) {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    out.extend(digits[..len].iter().rev().map(|&b| char::from(b)));
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML gives `2022-01-07` as a string and `2022` as a number.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Text(String),
            Year(u64),
        }
        let s = match Written::deserialize(d)? {
            Written::Text(s) => s,
            Written::Year(y) => y.to_string(),
        };
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(Date::parse("2022-01-07").is_ok());
        assert_eq!(
            Date::parse("2022-02-30").unwrap_err(),
            "`2022-02-30` is not a real date: February 2022 has 28 days"
        );
        assert_eq!(
            Date::parse("7 Jan").unwrap_err(),
            "expected a date as YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known), found `7 Jan`"
        );
        assert_eq!(Date::parse("2022-01-07").unwrap().long(), "7 January 2022");
        let year = Date::parse("2022").unwrap();
        assert_eq!(
            (year.long(), year.iso()),
            ("2022".to_string(), "2022".to_string())
        );
        assert_eq!(Date::parse("2022-03").unwrap().long(), "March 2022");
        assert!(
            Date::parse("2022-03").unwrap() > Date::parse("2022-03-30").unwrap(),
            "ordered by the end of the period"
        );
        assert!(Date::parse("2022-13").is_err());
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2022-01-07").days_until(&d("2022-01-09")), 2);
        assert_eq!(d("2024-02-28").days_until(&d("2024-03-01")), 2);
        assert_eq!(d("2021-12-31").days_until(&d("2022-01-01")), 1);
        assert_eq!(d("2022-01-09").days_until(&d("2022-01-07")), -2);
        // A month is taken at its last day, a year at 31 December.
        assert_eq!(d("2022-02").days_until(&d("2022-03-01")), 1);
        assert_eq!(d("2021").days_until(&d("2022-01-01")), 1);
        assert_eq!(d("0001-01-01").days_until(&d("9999-12-31")), 3_652_058);
    }

    /// Written by hand, dates read as `format!` wrote them.
    #[test]
    fn dates_are_written_as_format_wrote_them() {
        let mut dates = Vec::new();
        for year in [-9999i16, -10, 0, 7, 42, 999, 2022, 9999] {
            for month in [1i8, 2, 9, 10, 12] {
                for day in [1i8, 9, 10, 28] {
                    let j = jiff::civil::Date::new(year, month, day).unwrap();
                    for p in [Precision::Day, Precision::Month, Precision::Year] {
                        dates.push(Date(j, p));
                    }
                }
            }
        }
        for date in dates {
            let d = date.0;
            let m = MONTHS[d.month() as usize - 1];
            let (iso, long, short) = match date.1 {
                Precision::Day => (
                    d.to_string(),
                    format!("{} {m} {}", d.day(), d.year()),
                    format!("{} {}", d.day(), &m[..3]),
                ),
                Precision::Month => (
                    format!("{:04}-{:02}", d.year(), d.month()),
                    format!("{m} {}", d.year()),
                    format!("{} {}", &m[..3], d.year()),
                ),
                Precision::Year => (
                    format!("{:04}", d.year()),
                    d.year().to_string(),
                    d.year().to_string(),
                ),
            };
            assert_eq!((date.iso(), date.long(), date.short()), (iso, long, short));
        }
    }
}
