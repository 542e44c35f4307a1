//! Timestamps in the store: UTC `NaiveDateTime`, written and read by rusqlite's chrono support
//! as ISO text (`2026-11-26 15:04:05.123`), which sorts in time order.

use chrono::{NaiveDateTime, SubsecRound};

/// Now, in UTC, to the millisecond (the precision the store has always kept).
pub(crate) fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc().trunc_subsecs(3)
}
