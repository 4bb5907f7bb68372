"""Choosing the next tip: no repeats within a cycle, bias toward the weakest habit, determinism."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.habits import Habit
from bot.tips import (
    RECENT_AVOIDED,
    Catalogue,
    CatalogueError,
    candidate_ids,
    choose_tip,
    cycle_ids,
    habit_weights,
    load_catalogue,
    tip_weight,
    weakest_habit,
)
from bot.tips.weights import BOOST, PRIOR_MESSAGES


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _deliver(
    catalogue: Catalogue,
    count: int,
    habit_counts: dict[str, int],
    history: list[str] | None = None,
    langs: tuple[str, ...] = ("en",),
) -> list[str]:
    delivered = list(history or [])
    for day in range(count):
        lang = langs[day % len(langs)]
        tip = choose_tip(catalogue, lang, delivered, habit_counts, f"user-1:{day}", analysed=20)
        assert tip.lang == lang
        delivered.append(tip.id)
    return delivered


# --- no repeats ------------------------------------------------------------------------------


@pytest.mark.parametrize("habit_counts", [{}, {"submissive": 12, "silence": 3}])
def test_no_repeat_until_every_tip_was_delivered(
    catalogue: Catalogue, habit_counts: dict[str, int]
) -> None:
    size = len(catalogue)
    delivered = _deliver(catalogue, 2 * size, habit_counts)
    first, second = delivered[:size], delivered[size:]
    assert sorted(first) == sorted(catalogue.ids)
    assert sorted(second) == sorted(catalogue.ids)
    # across the cycle boundary a tip never returns within RECENT_AVOIDED deliveries
    for start in range(len(delivered) - RECENT_AVOIDED):
        window = delivered[start : start + RECENT_AVOIDED + 1]
        assert len(set(window)) == len(window), start


def test_switching_language_keeps_the_cycle(catalogue: Catalogue) -> None:
    delivered = _deliver(catalogue, len(catalogue), {}, langs=("en", "nl"))
    assert len(set(delivered)) == len(catalogue)


def test_continues_a_cycle_from_stored_history(catalogue: Catalogue) -> None:
    history = list(catalogue.ids[:50])
    delivered = _deliver(catalogue, len(catalogue) - 50, {"limits": 4}, history=history)
    assert sorted(delivered) == sorted(catalogue.ids)


def test_cycle_ids_resets_when_complete_and_ignores_retired_ids() -> None:
    ids = ["a", "b", "c"]
    assert cycle_ids(ids, []) == frozenset()
    assert cycle_ids(ids, ["a", "gone", "b"]) == {"a", "b"}
    assert cycle_ids(ids, ["a", "b", "c"]) == frozenset()
    assert cycle_ids(ids, ["a", "b", "c", "b"]) == {"b"}
    assert cycle_ids(ids, ["a", "a", "b"]) == {"a", "b"}


def test_new_tips_join_the_running_cycle() -> None:
    assert candidate_ids(["a", "b", "c", "new"], ["a", "b", "c"]) == ("new",)


def test_small_catalogue_still_avoids_the_last_tip() -> None:
    # window is half the catalogue: after a full cycle, only "c" (the latest) is held back
    assert candidate_ids(["a", "b", "c"], ["a", "b", "c"]) == ("a", "b")
    assert candidate_ids(["a"], ["a"]) == ("a",)
    assert candidate_ids(["a", "b"], ["b", "a"]) == ("b",)


def test_unknown_language_is_an_error(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="'de'"):
        choose_tip(catalogue, "de", [], {}, 1)


# --- bias toward the weakest habit -----------------------------------------------------------


@pytest.mark.parametrize("habit", list(Habit))
def test_weak_habit_gets_at_least_twice_its_share(catalogue: Catalogue, habit: Habit) -> None:
    base_share = sum(habit in catalogue.habits_of(i) for i in catalogue.ids) / len(catalogue)
    picks = [
        choose_tip(catalogue, "nl", [], {habit.value: 8}, seed, analysed=10) for seed in range(200)
    ]
    share = sum(habit in tip.habits for tip in picks) / len(picks)
    assert share >= 2 * base_share, (habit, share, base_share)


def test_without_data_the_spread_is_even(catalogue: Catalogue) -> None:
    weights = habit_weights({})
    assert set(weights.values()) == {1.0}
    picks = Counter(choose_tip(catalogue, "en", [], {}, seed).id for seed in range(1440))
    expected = 1440 / len(catalogue)  # 20 per tip
    assert len(picks) == len(catalogue)
    assert max(picks.values()) < 2.5 * expected
    for habit in Habit:
        base = sum(habit in catalogue.habits_of(i) for i in catalogue.ids) / len(catalogue)
        share = sum(n for i, n in picks.items() if habit in catalogue.habits_of(i)) / 1440
        assert abs(share - base) < 0.5 * base, habit


def test_weak_habit_tips_come_early_in_the_cycle(catalogue: Catalogue) -> None:
    silence = {i for i in catalogue.ids if Habit.SILENCE in catalogue.habits_of(i)}
    delivered = _deliver(catalogue, len(silence), {"silence": 18})
    early = sum(tip_id in silence for tip_id in delivered)
    assert early >= 2 * len(silence) * len(silence) / len(catalogue)


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_same_tip(catalogue: Catalogue) -> None:
    history = list(catalogue.ids[::3])
    for seed in (0, 7, "slack:T1:U1:2025-03-04"):
        first = choose_tip(catalogue, "en", history, {"dominant": 3}, seed, analysed=9)
        again = choose_tip(catalogue, "en", tuple(history), {"dominant": 3}, seed, analysed=9)
        assert first == again
        dutch = choose_tip(catalogue, "nl", history, {"dominant": 3}, seed, analysed=9)
        assert dutch.id == first.id


def test_different_seeds_vary(catalogue: Catalogue) -> None:
    ids = {choose_tip(catalogue, "en", [], {}, f"u:{day}").id for day in range(30)}
    assert len(ids) >= 15


# --- habit weights ---------------------------------------------------------------------------


def test_weight_formula() -> None:
    weights = habit_weights({"limits": 8, "asking": 2}, analysed=10)
    assert weights[Habit.LIMITS] == pytest.approx(1 + BOOST * 8 / (10 + PRIOR_MESSAGES))
    assert weights[Habit.ASKING] == pytest.approx(1 + BOOST * 2 / (10 + PRIOR_MESSAGES))
    assert weights[Habit.SILENCE] == 1.0
    assert set(weights) == set(Habit)


def test_little_data_moves_weights_little() -> None:
    one = habit_weights({"dominant": 1}, analysed=1)[Habit.DOMINANT]
    many = habit_weights({"dominant": 40}, analysed=50)[Habit.DOMINANT]
    assert one > 1.0
    assert one < many < 1 + BOOST


def test_equal_rates_give_equal_weights() -> None:
    weights = habit_weights({habit.value: 5 for habit in Habit}, analysed=10)
    assert len(set(weights.values())) == 1


def test_missing_total_uses_largest_count() -> None:
    assert habit_weights({"trading": 6, "options": 3}) == habit_weights(
        {"trading": 6, "options": 3}, analysed=6
    )
    # a total smaller than a count is treated the same way (counts are never over 100%)
    assert habit_weights({"trading": 6}, analysed=2) == habit_weights({"trading": 6}, analysed=6)


def test_unknown_habits_are_ignored_and_negatives_rejected() -> None:
    assert habit_weights({"bragging": 9}) == habit_weights({})
    with pytest.raises(ValueError, match="negative"):
        habit_weights({"limits": -1})
    with pytest.raises(ValueError, match="negative"):
        habit_weights({}, analysed=-3)


def test_weakest_habit() -> None:
    assert weakest_habit({}) is None
    assert weakest_habit({"limits": 0}, analysed=10) is None
    assert weakest_habit({"asking": 2, "silence": 5}, analysed=10) is Habit.SILENCE
    # ties go to the first habit in Habit order
    assert weakest_habit({"options": 3, "trading": 3}, analysed=10) is Habit.TRADING


def test_tip_weight_is_its_most_needed_habit() -> None:
    weights = {Habit.LIMITS: 3.0, Habit.SILENCE: 1.5}
    assert tip_weight((Habit.SILENCE, Habit.LIMITS), weights) == 3.0
    assert tip_weight((Habit.OPTIONS,), weights) == 1.0
