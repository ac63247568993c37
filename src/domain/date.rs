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
        match self.1 {
            Precision::Day => d.to_string(),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Year => format!("{:04}", d.year()),
        }
    }

    /// `7 January 2022`, `March 2022`, `2022`
    pub fn long(&self) -> String {
        let d = self.0;
        let month = MONTHS[d.month() as usize - 1];
        match self.1 {
            Precision::Day => format!("{} {month} {}", d.day(), d.year()),
            Precision::Month => format!("{month} {}", d.year()),
            Precision::Year => d.year().to_string(),
        }
    }

    /// `7 Jan`, `Mar 2022`, `2022`
    pub fn short(&self) -> String {
        let d = self.0;
        let month = &MONTHS[d.month() as usize - 1][..3];
        match self.1 {
            Precision::Day => format!("{} {month}", d.day()),
            Precision::Month => format!("{month} {}", d.year()),
            Precision::Year => d.year().to_string(),
        }
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
}
