"""When the daily tip goes out: weekdays, time zones, daylight-saving changes, time parsing."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import InputError
from bot.tips import TipTimeError, is_due, next_delivery, parse_tip_time, resolve_zone

BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_YORK = ZoneInfo("America/New_York")
NINE = time(9, 0)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _local(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


# --- weekdays and local time -----------------------------------------------------------------


def test_friday_after_delivery_goes_to_monday() -> None:
    friday_ten = _local(BRUSSELS, 2025, 3, 7, 10, 0)
    result = next_delivery(friday_ten, "Europe/Brussels", NINE)
    assert result == _local(BRUSSELS, 2025, 3, 10, 9, 0)
    assert result.tzinfo is UTC
    assert result == _utc(2025, 3, 10, 8, 0)


def test_every_day_when_weekends_are_wanted() -> None:
    friday_ten = _local(BRUSSELS, 2025, 3, 7, 10, 0)
    result = next_delivery(friday_ten, "Europe/Brussels", NINE, weekdays_only=False)
    assert result == _local(BRUSSELS, 2025, 3, 8, 9, 0)


def test_same_day_when_the_time_is_still_ahead() -> None:
    tuesday_early = _local(BRUSSELS, 2025, 3, 4, 7, 15)
    assert next_delivery(tuesday_early, "Europe/Brussels", time(9, 30)) == _local(
        BRUSSELS, 2025, 3, 4, 9, 30
    )


def test_strictly_after_the_given_instant() -> None:
    slot = _local(BRUSSELS, 2025, 3, 4, 9, 0)
    assert next_delivery(slot, "Europe/Brussels", NINE) == _local(BRUSSELS, 2025, 3, 5, 9, 0)
    just_before = slot - timedelta(microseconds=1)
    assert next_delivery(just_before, "Europe/Brussels", NINE) == slot


def test_weekday_is_the_users_own() -> None:
    # Sunday 23:30 UTC is already Monday morning in Tokyo: Monday's tip is due there
    sunday_late_utc = _utc(2025, 3, 9, 23, 30)
    result = next_delivery(sunday_late_utc, "Asia/Tokyo", NINE)
    assert result == _local(ZoneInfo("Asia/Tokyo"), 2025, 3, 10, 9, 0)
    # while in New York it is still Sunday evening: Monday 09:00 local
    assert next_delivery(sunday_late_utc, "America/New_York", NINE) == _local(
        NEW_YORK, 2025, 3, 10, 9, 0
    )


def test_any_aware_input_zone_is_accepted() -> None:
    plus_two = timezone(timedelta(hours=2))
    after = datetime(2025, 3, 4, 9, 30, tzinfo=plus_two)  # 07:30 UTC
    assert next_delivery(after, "UTC", NINE) == _utc(2025, 3, 4, 9, 0)


# --- daylight saving -------------------------------------------------------------------------


def test_brussels_spring_forward_keeps_nine_local() -> None:
    # DST starts Sunday 2025-03-30: Friday 09:00 is 08:00 UTC, Monday 09:00 is 07:00 UTC
    friday_after = _local(BRUSSELS, 2025, 3, 28, 9, 30)
    assert next_delivery(friday_after, "Europe/Brussels", NINE) == _utc(2025, 3, 31, 7, 0)


def test_brussels_fall_back_keeps_nine_local() -> None:
    # DST ends Sunday 2025-10-26: Friday 09:00 is 07:00 UTC, Monday 09:00 is 08:00 UTC
    friday_after = _local(BRUSSELS, 2025, 10, 24, 9, 30)
    assert next_delivery(friday_after, "Europe/Brussels", NINE) == _utc(2025, 10, 27, 8, 0)


def test_new_york_changes_on_its_own_date() -> None:
    # US DST starts 2025-03-09, three weeks before Europe
    assert next_delivery(_utc(2025, 3, 7, 15, 0), "America/New_York", NINE) == _utc(
        2025, 3, 10, 13, 0
    )
    assert next_delivery(_utc(2025, 3, 6, 15, 0), "America/New_York", NINE) == _utc(
        2025, 3, 7, 14, 0
    )
    # in the weeks in between, Brussels is still on winter time
    assert next_delivery(_utc(2025, 3, 10, 0, 0), "Europe/Brussels", NINE) == _utc(
        2025, 3, 10, 8, 0
    )


def test_a_week_of_deliveries_across_the_change() -> None:
    moment = _utc(2025, 3, 26, 12, 0)
    seen = []
    for _ in range(8):
        moment = next_delivery(moment, "Europe/Brussels", NINE)
        local = moment.astimezone(BRUSSELS)
        assert local.time() == NINE
        assert local.weekday() < 5
        seen.append(local.date().isoformat())
    assert seen == [
        "2025-03-27",
        "2025-03-28",
        "2025-03-31",
        "2025-04-01",
        "2025-04-02",
        "2025-04-03",
        "2025-04-04",
        "2025-04-07",
    ]


def test_time_in_the_spring_gap_is_delivered_after_the_jump() -> None:
    # 02:30 does not exist in Brussels on 2025-03-30; it goes out at 03:30 CEST (01:30 UTC)
    result = next_delivery(_utc(2025, 3, 29, 12, 0), "Europe/Brussels", time(2, 30), False)
    assert result == _utc(2025, 3, 30, 1, 30)
    assert result.astimezone(BRUSSELS).time() == time(3, 30)


def test_time_that_occurs_twice_is_delivered_once() -> None:
    # 02:30 happens twice in Brussels on 2025-10-26: first at 00:30 UTC, again at 01:30 UTC
    first = next_delivery(_utc(2025, 10, 25, 12, 0), "Europe/Brussels", time(2, 30), False)
    assert first == _utc(2025, 10, 26, 0, 30)
    following = next_delivery(first, "Europe/Brussels", time(2, 30), False)
    assert following == _utc(2025, 10, 27, 1, 30)  # the next day, 02:30 CET


_ZONES = ["Europe/Brussels", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


@settings(max_examples=150, deadline=None)
@given(
    after=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    ),
    zone_name=st.sampled_from(_ZONES),
    at=st.times(min_value=time(5, 0), max_value=time(23, 59)),
    weekdays_only=st.booleans(),
)
def test_next_delivery_properties(
    after: datetime, zone_name: str, at: time, weekdays_only: bool
) -> None:
    result = next_delivery(after, zone_name, at, weekdays_only)
    local = result.astimezone(ZoneInfo(zone_name))
    assert result > after
    assert local.time() == at
    if weekdays_only:
        assert local.weekday() < 5
        assert result - after <= timedelta(days=3, hours=1)
    else:
        assert result - after <= timedelta(days=1, hours=1)
    # nothing skipped: the instant just before the result leads to the result itself
    assert next_delivery(result - timedelta(microseconds=1), zone_name, at, weekdays_only) == result


# --- time zones ------------------------------------------------------------------------------


def test_unknown_time_zone_falls_back_to_utc(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.tips.schedule"):
        assert resolve_zone("Mars/Olympus_Mons") is UTC
        result = next_delivery(_utc(2025, 3, 4, 10, 0), "Mars/Olympus_Mons", NINE)
    assert result == _utc(2025, 3, 5, 9, 0)
    assert "Mars/Olympus_Mons" in caplog.text


@pytest.mark.parametrize("name", ["", "   ", "../../etc/passwd", "Europe/"])
def test_empty_or_malformed_zone_is_utc(name: str) -> None:
    assert resolve_zone(name) is UTC


def test_known_zone_is_resolved() -> None:
    assert resolve_zone(" Europe/Brussels ") == BRUSSELS


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_delivery(datetime(2025, 3, 4, 9, 0), "UTC", NINE)
    with pytest.raises(ValueError, match="without tzinfo"):
        next_delivery(_utc(2025, 3, 4), "UTC", time(9, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        is_due(datetime(2025, 3, 4, 9, 0), _utc(2025, 3, 4), "UTC", NINE)


def test_is_due() -> None:
    monday_slot = _local(BRUSSELS, 2025, 3, 10, 9, 0)
    tuesday_slot = _local(BRUSSELS, 2025, 3, 11, 9, 0)
    assert not is_due(monday_slot + timedelta(hours=3), monday_slot, "Europe/Brussels", NINE)
    assert not is_due(tuesday_slot - timedelta(minutes=1), monday_slot, "Europe/Brussels", NINE)
    assert is_due(tuesday_slot, monday_slot, "Europe/Brussels", NINE)
    # a missed week is one due tip, computed from the last delivery
    assert is_due(monday_slot + timedelta(days=8), monday_slot, "Europe/Brussels", NINE)
    friday_slot = _local(BRUSSELS, 2025, 3, 14, 9, 0)
    saturday_noon = _local(BRUSSELS, 2025, 3, 15, 12, 0)
    assert not is_due(saturday_noon, friday_slot, "Europe/Brussels", NINE)
    assert is_due(saturday_noon, friday_slot, "Europe/Brussels", NINE, weekdays_only=False)


# --- parsing "at HH:MM" ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("09.30", time(9, 30)),
        ("9u30", time(9, 30)),
        ("9U30", time(9, 30)),
        ("9h30", time(9, 30)),
        ("9 u 30", time(9, 30)),
        ("9u", time(9, 0)),
        ("9 uur", time(9, 0)),
        ("om 8u15", time(8, 15)),
        ("at 7:45", time(7, 45)),
        ("9", time(9, 0)),
        (" 17:05 ", time(17, 5)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9am", time(9, 0)),
        ("9:30 pm", time(21, 30)),
        ("12 a.m.", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15 PM", time(12, 15)),
    ],
)
def test_parse_tip_time(text: str, expected: time) -> None:
    assert parse_tip_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "nine",
        "25:00",
        "24:00",
        "9:60",
        "9:3",
        "930",
        "9:30:00",
        "-1",
        "13pm",
        "0am",
        "9 30",
        "9:30 xm",
        "9,30",
        "at",
        "9:30 tomorrow",
    ],
)
def test_parse_tip_time_rejects_bad_input(text: str) -> None:
    with pytest.raises(TipTimeError, match="09:30") as caught:
        parse_tip_time(text)
    assert isinstance(caught.value, InputError)
