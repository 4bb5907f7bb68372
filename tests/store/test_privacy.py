"""Privacy: forgetting a user leaves nothing of them in any table (checked by introspecting the
live schema), and purging old transcripts removes the words but keeps the scores."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, inspect

from bot.footing.model import Assessment, Evidence
from bot.identity import ConversationKey, UserKey
from bot.store import Store
from bot.store.privacy import KEPT_ASSESSMENT_FIELDS
from bot.store.tables import USER_FREE_TABLES

from .support import ALICE, BOB, OTHER_THREAD, THREAD, Backend, FakeClock

BOB_CHAT = ConversationKey("teams", "tenant-b", "a:1bob-chat")


def _assessment(stance: str, *habits: str) -> Assessment:
    return Assessment(
        stance=stance,  # type: ignore[arg-type]
        dominance=0.1,
        affiliation=0.3,
        confidence=0.7,
        lang="en",
        evidence=(Evidence(0, 5, "Sorry", "apology", -0.2, 0.1),),
        advice="Ask what the discount is compared with.",
        rewrite="What would make this work for you?",
        habits=habits,
    )


async def _populate(store: Store, user: UserKey, conversation: ConversationKey) -> None:
    """Write something about ``user`` through every part of the store API."""
    await store.get_or_create_user(user, lang="en", display_name="Someone")
    session = await store.create_session(user, conversation, "price", "hard", "en", 9, {"n": 0})
    async with store.lock_session(session.id) as handle:
        await handle.append_turn("Sorry, we can't.", _assessment("balanced"), "Why?", {"n": 1})
    await store.record_draft_check(user, _assessment("submissive", "trading"))
    assert await store.claim_tip(user, "trading-1", date(2026, 3, 2))
    await store.save_conversation_ref(user, user.platform, {"channel": "D123"})
    await store.record_llm_usage(
        user,
        model="m",
        prompt="judge@1",
        prompt_tokens=5,
        completion_tokens=5,
        latency_ms=10,
        ok=False,
    )
    await store.record_judge_disagreement(user, offline_stance="balanced", model_stance="dominant")
    await store.mark_event_processed(f"event-of-{user.user_id}")


def _inspect(connection: Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    inspector = inspect(connection)
    counts: dict[str, int] = {}
    links: dict[str, list[str]] = {}
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        counts[table] = connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one()
        links[table] = [fk["referred_table"] for fk in inspector.get_foreign_keys(table)] + [
            column["name"] for column in inspector.get_columns(table) if "user" in column["name"]
        ]
    return counts, links


async def _look(backend: Backend) -> tuple[dict[str, int], dict[str, list[str]]]:
    engine = backend.engine()
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_inspect)
    finally:
        await engine.dispose()


async def test_forgetting_a_user_empties_every_table_of_them(
    backend: Backend, store: Store
) -> None:
    await _populate(store, BOB, BOB_CHAT)
    bob_only, links = await _look(backend)
    await _populate(store, ALICE, THREAD)
    both, _ = await _look(backend)

    for table in USER_FREE_TABLES:  # tables declared free of user data really are
        assert links[table] == [], f"{table} is declared user-free but refers to users"
    user_tables = set(both) - USER_FREE_TABLES
    missed = sorted(table for table in user_tables if both[table] <= bob_only[table])
    assert not missed, f"_populate writes nothing about Alice into {missed}: extend it"

    deleted = await store.forget_user(ALICE)
    after, _ = await _look(backend)
    assert deleted == {table: both[table] - bob_only[table] for table in user_tables}
    assert {table: after[table] for table in user_tables} == {
        table: bob_only[table] for table in user_tables
    }
    assert await store.get_user(ALICE) is None
    assert await store.active_session(ALICE, THREAD) is None
    assert await store.message_count(ALICE) == 0
    assert await store.forget_user(ALICE) == dict.fromkeys(user_tables, 0)
    # Bob is untouched.
    assert await store.message_count(BOB) == 2
    assert await store.active_session(BOB, BOB_CHAT) is not None
    assert (await store.get_conversation_ref(BOB, "teams")) is not None


async def test_purging_transcripts_removes_words_and_keeps_scores(
    store: Store, clock: FakeClock
) -> None:
    opening = {"customer": {"trust": 0.5}, "line": "Your price is too high."}
    finished = await store.create_session(ALICE, THREAD, "price", "hard", "en", 1, opening)
    async with store.lock_session(finished.id) as handle:
        await handle.append_turn(
            "Sorry, no.",
            _assessment("balanced", "options"),
            "Hm.",
            {"customer": {"trust": 0.6}, "line": "Hm."},
        )
        await handle.append_turn(
            "Fine, 25%.",
            _assessment("submissive", "trading"),
            None,
            {"customer": {"trust": 0.4}, "line": "Deal."},
        )
        await handle.set_state(
            {"customer": {"trust": 0.4}, "line": "Deal."}, status="ended", outcome="gave-too-much"
        )
    forgotten = await store.create_session(ALICE, OTHER_THREAD, "deadline", "easy", "en", 2, {})
    async with store.lock_session(forgotten.id) as handle:
        await handle.append_turn("Let me check.", _assessment("balanced"), "Quick!", {"n": 1})
    habits_before = await store.habit_counts(ALICE)
    progress_before = await store.progress(ALICE)

    clock.advance(days=100)
    recent = await store.create_session(BOB, BOB_CHAT, "price", "hard", "en", 3, opening)
    async with store.lock_session(recent.id) as handle:
        await handle.append_turn(
            "Recent words.", _assessment("balanced"), "Stay.", {"n": 1, "line": "Stay."}
        )

    assert await store.purge_transcripts(clock.now - timedelta(days=90)) == 3
    assert await store.purge_transcripts(clock.now - timedelta(days=90)) == 0

    for session_id in (finished.id, forgotten.id):
        for turn in await store.turns(session_id):
            assert (turn.salesperson_text, turn.customer_line) == (None, None)
            assert set(turn.assessment) <= set(KEPT_ASSESSMENT_FIELDS)
            assert "rewrite" not in turn.assessment and "evidence" not in turn.assessment
            assert turn.stance is not None
            assert "line" not in turn.state
    assert [t.state for t in await store.turns(finished.id)] == [
        {"customer": {"trust": 0.6}},
        {"customer": {"trust": 0.4}},
    ]
    assert await store.habit_counts(ALICE) == habits_before
    assert (await store.progress(ALICE)).stances == progress_before.stances
    abandoned = await store.get_session(forgotten.id)
    assert abandoned is not None
    assert (abandoned.status, abandoned.outcome) == ("ended", "abandoned")
    kept = await store.get_session(finished.id)
    assert kept is not None
    assert (kept.outcome, kept.state) == ("gave-too-much", {"customer": {"trust": 0.4}})
    async with store.lock_session(finished.id) as handle:  # the opening line is gone too
        await handle.remove_last_turn()
        assert await handle.remove_last_turn() == {"customer": {"trust": 0.5}}
    [fresh] = await store.turns(recent.id)
    assert (fresh.salesperson_text, fresh.customer_line) == ("Recent words.", "Stay.")
    assert fresh.state == {"n": 1, "line": "Stay."}
    assert "rewrite" in fresh.assessment
    recent_session = await store.get_session(recent.id)
    assert recent_session is not None and recent_session.active
