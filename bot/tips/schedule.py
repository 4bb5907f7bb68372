"""When the daily tip goes out: a local time of day in the user's time zone, weekdays by default.

All instants going in and out are timezone-aware; results are in UTC. Local times are
computed with ``zoneinfo``, so daylight-saving changes are handled by the time-zone database:

- A delivery time that does not exist on a spring-forward day (02:30 in Brussels on the last
  Sunday of March) is delivered as if the clock had not jumped yet, i.e. one hour later on the
  new wall clock (03:30).
- A delivery time that occurs twice on a fall-back day is delivered at its first occurrence.
"""

from __future__ import annotations

import functools
import logging
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InputError

logger = logging.getLogger(__name__)

_SEARCH_DAYS = 8  # a week plus one: enough to reach the next weekday from any instant

_TIME = re.compile(
    r"""
    (?:(?:at|om)\s+)?                        # "at 9:30", "om 9u30"
    (?P<hour>\d{1,2})
    (?:
        \s*[:.hu]\s*(?P<minute>\d{2})        # 9:30, 09.30, 9u30, 9h30
      | \s*(?:uur|u|h)                       # 9u, 9h, 9 uur
    )?
    \s*(?P<meridiem>[ap])?(?(meridiem)\.?\s*m\.?)  # 9am, 9:30 p.m.
    """,
    re.VERBOSE | re.IGNORECASE,
)


class TipTimeError(InputError):
    """A tip time the user typed cannot be read as a time of day."""


def parse_tip_time(text: str) -> time:
    """Read a time of day as people type it: ``"9:30"``, ``"09:30"``, ``"09.30"``, ``"9u30"``,
    ``"9h30"``, ``"9u"``, ``"9 uur"``, ``"9"``, ``"9am"``, ``"9:30 pm"``, optionally after
    "at" or "om". Raises TipTimeError with an example of the expected form otherwise."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise TipTimeError(_bad_time(text))
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    meridiem = (match["meridiem"] or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise TipTimeError(_bad_time(text))
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise TipTimeError(_bad_time(text))
    return time(hour, minute)


def _bad_time(text: str) -> str:
    return f"{text.strip()!r} is not a time of day; write it like 09:30 (9.30 and 9u30 work too)"


def resolve_zone(tz_name: str) -> tzinfo:
    """The time zone called ``tz_name`` (an IANA name such as "Europe/Brussels").

    An empty, malformed or unknown name falls back to UTC, so a bad profile setting delays a
    tip by a few hours instead of stopping it; the fallback is logged once per name.
    """
    return _zone(tz_name.strip())


@functools.lru_cache(maxsize=512)
def _zone(tz_name: str) -> tzinfo:
    if not tz_name:
        return UTC
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown time zone %r, using UTC for tips", tz_name)
        return UTC


def next_delivery(after: datetime, tz_name: str, at: time, weekdays_only: bool = True) -> datetime:
    """The first delivery instant strictly after ``after``, in UTC.

    Deliveries happen at local time ``at`` in ``tz_name`` (see resolve_zone for unknown names),
    every day or, with ``weekdays_only``, Monday to Friday in the user's own calendar.
    ``after`` must be timezone-aware; ``at`` must be a naive time of day.
    """
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError("'after' must be a timezone-aware datetime")
    if at.tzinfo is not None:
        raise ValueError("'at' must be a local time of day without tzinfo")
    zone = resolve_zone(tz_name)
    after_utc = after.astimezone(UTC)
    first_day = after_utc.astimezone(zone).date()
    for offset in range(_SEARCH_DAYS):
        day = first_day + timedelta(days=offset)
        if weekdays_only and not is_weekday(day):
            continue
        candidate = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if candidate > after_utc:
            return candidate
    raise AssertionError("no delivery found within a week")  # unreachable: a week has weekdays


def is_due(
    now: datetime,
    since: datetime,
    tz_name: str,
    at: time,
    weekdays_only: bool = True,
) -> bool:
    """Whether a tip should go out at ``now``: a delivery slot has passed since ``since``
    (the previous scheduled delivery, or when the user subscribed). Several missed slots
    still mean one tip, not a backlog."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("'now' must be a timezone-aware datetime")
    return next_delivery(since, tz_name, at, weekdays_only) <= now


def is_weekday(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5
