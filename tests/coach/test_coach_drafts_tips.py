"""Draft feedback, tips, settings, progress, privacy and bad input through the coach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.coach.coach import Coach
from bot.coach.replies import Feedback, HelpCard, Notice, ProgressReport, ScenarioList, TipCard
from bot.coach.requests import Forget, ReviewDraft, StartRoleplay, TipNow, Turn
from bot.coach.throttle import Throttle
from bot.coach.tipping import TipPicker
from bot.store import Store

from .conftest import Dialogue


async def test_draft_feedback_quotes_advises_and_rewrites(dialogue: Dialogue) -> None:
    replies = await dialogue.send("feedback: OK. 25% then. I'll send the new quote.")
    feedback = next(r for r in replies if isinstance(r, Feedback))
    assert feedback.assessment.stance == "submissive"
    assert feedback.assessment.evidence[0].quote.startswith("OK")
    assert "if you" in feedback.assessment.rewrite
    assert feedback.source == "offline"
    progress = await dialogue.coach.store.progress(dialogue.user)
    assert progress.stances["submissive"] == 1


async def test_dutch_keywords_work(dialogue: Dialogue) -> None:
    replies = await dialogue.send("controleer: Graag of niet, dit is ons laatste bod.")
    feedback = next(r for r in replies if isinstance(r, Feedback))
    assert feedback.lang == "nl" and feedback.assessment.stance == "dominant"
    started = await dialogue.send("rollenspel prijs moeilijk nl")
    assert started[0].lang == "nl" and "moeilijk" in started[0].text


async def test_empty_draft_and_empty_turn_get_a_hint_and_store_nothing(
    dialogue: Dialogue,
) -> None:
    replies = await dialogue.send(ReviewDraft("   "))
    assert isinstance(replies[0], Notice) and replies[0].kind == "hint"
    await dialogue.send(StartRoleplay("price_squeeze", "normal", "en", seed=1))
    replies = await dialogue.send(Turn(""))
    assert isinstance(replies[0], Notice) and "empty" in replies[0].text
    session = await dialogue.coach.store.active_session(dialogue.user, dialogue.conversation)
    assert session is not None and session.turn_count == 0


async def test_turn_without_roleplay_explains_how_to_start(dialogue: Dialogue) -> None:
    for command in (Turn("We can do 5% if you sign for two years."), "hint", "rewind", "stop"):
        replies = await dialogue.send(command)
        assert isinstance(replies[0], Notice)
        assert "roleplay" in replies[0].text


async def test_unknown_scenario_lists_the_scenarios(dialogue: Dialogue) -> None:
    replies = await dialogue.send("roleplay moon-landing")
    assert isinstance(replies[0], Notice) and "moon-landing" in replies[0].text
    listing = replies[1]
    assert isinstance(listing, ScenarioList) and len(listing.scenarios) >= 6


async def test_huge_turn_is_capped_with_a_note(dialogue: Dialogue) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", "normal", "en", seed=1))
    replies = await dialogue.send(Turn("What matters most to you? " * 800))
    assert any(isinstance(r, Notice) and "characters" in r.text for r in replies)
    turns = await dialogue.coach.store.turns(dialogue.line(replies).session_id)
    assert len(turns[0].salesperson_text or "") == 10_000


async def test_tip_settings_and_help(dialogue: Dialogue) -> None:
    replies = await dialogue.send("tips at 7:45")
    assert "07:45" in replies[0].text
    user = await dialogue.coach.store.get_user(dialogue.user)
    assert user is not None and user.tip_time == "07:45" and user.tips_enabled
    await dialogue.send("tips uit")
    user = await dialogue.coach.store.get_user(dialogue.user)
    assert user is not None and not user.tips_enabled
    bad = await dialogue.send("tips at 25:99")
    assert isinstance(bad[0], Notice) and bad[0].kind == "warning"
    assert isinstance((await dialogue.send("help"))[0], HelpCard)
    report = (await dialogue.send("progress"))[0]
    assert isinstance(report, ProgressReport) and not report.tips_enabled


async def test_forget_asks_first_then_deletes_everything(dialogue: Dialogue) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", "normal", "en", seed=1))
    await dialogue.send("What matters most to you here?")
    await dialogue.send("feedback: We'll give you 20% off.")
    first = await dialogue.send("forget")
    assert first[0].actions == ("forget_confirm",)
    assert await dialogue.coach.store.get_user(dialogue.user) is not None
    await dialogue.send(Forget(confirmed=True))
    store = dialogue.coach.store
    assert await store.active_session(dialogue.user, dialogue.conversation) is None
    assert (await store.progress(dialogue.user)).messages == 0


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def test_tips_never_repeat_early_and_favour_the_weak_habit(store: Store) -> None:
    clock = _Clock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    coach = Coach(store, tips=TipPicker(store, clock=clock), throttle=Throttle(burst=10_000))
    dialogue = Dialogue(coach)
    for _ in range(6):  # a user who keeps issuing ultimatums
        await dialogue.send(ReviewDraft("Take it or leave it. This is our final offer."))
    seen: list[TipCard] = []
    total = len(coach.tips.catalogue.ids)
    for day in range(total):
        clock.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC) + timedelta(days=day)
        tip = (await dialogue.send(TipNow()))[0]
        assert isinstance(tip, TipCard)
        again = (await dialogue.send(TipNow()))[0]
        assert isinstance(again, TipCard) and again.tip_id == tip.tip_id  # one tip per day
        seen.append(tip)
    ids = [t.tip_id for t in seen]
    assert len(set(ids)) == total  # no repeat before the whole catalogue is used
    first_ten = seen[:10]
    weak = sum("dominant" in t.habits for t in first_ten)
    base = sum("dominant" in coach.tips.catalogue.habits_of(i) for i in ids) / total
    assert weak / 10 > 2 * base


@pytest.mark.parametrize("locale", ["nl-BE", "nl-NL", "en-GB"])
async def test_locale_sets_the_language(coach: Coach, locale: str) -> None:
    dialogue = Dialogue(coach, locale=locale)
    reply = (await dialogue.send("help"))[0]
    assert reply.lang == locale[:2]
