//! ISO 8601 dates from `meta.date`, without a date-time crate.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses the `YYYY-MM-DD` at the start of an ISO 8601 date or
    /// date-time (`2024-05-01`, `2024-05-01T08:00:00+07:00`). Returns `None`
    /// for anything else, including impossible days.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && b[10].is_ascii_digit())
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        let (month, day) = (num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Arrow's `Date32`), by Howard Hinnant's
    /// `days_from_civil`.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn days_since_epoch(self) -> i32 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::try_from(self.month).unwrap_or(1);
        let d = i32::try_from(self.day).unwrap_or(1);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_date_times() {
        let d = Date::parse("2024-05-01T08:00:00+07:00").unwrap();
        assert_eq!(d.iso(), "2024-05-01");
        assert_eq!(Date::parse("2024-02-29").unwrap().day, 29);
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "1 May 2024",
            "2024-05",
            "2024-05-011",
            "２０２４-05-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn epoch_days_match_known_values() {
        let days = |s: &str| Date::parse(s).unwrap().days_since_epoch();
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("2000-03-01"), 11_017);
        assert_eq!(days("1969-12-31"), -1);
        assert_eq!(days("2024-05-01"), 19_844);
    }
}
