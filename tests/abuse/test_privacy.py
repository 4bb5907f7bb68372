"""Privacy on every surface, with a language model configured (the fake OpenAI server).

A full visit on Slack, on Teams and on the playground — a role-play with turns, a draft check,
a tip — with the server's own log configuration (``configure_logging``: text lines, message
text off, as by default) at DEBUG, so that every record any library emits is caught: no record
and no line of the log output holds the words the users wrote. Then each user says "forget me"
through their own surface, and the store is searched table by table (its live schema, foreign
keys and all): nothing of theirs is left, while a second user on each surface keeps everything.
"""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import pytest
from fakes.openai_server import FakeOpenAI, Reply
from slack.support import TEAM, event_body, message_event
from teams import activities

from adapters.server.logs import ACCESS_LOGGER, STATEMENT_LOGGERS, configure_logging
from adapters.slack.surface import PAYLOAD_LOGGERS
from bot.identity import UserKey
from bot.settings import LLMSettings, Settings
from bot.store.tables import USER_FREE_TABLES

from .logbook import LogBook, logbook
from .stack import FORM, SLACK_EVENTS, DatabaseLike, Stack, open_stack, slack_signature
from .tables import owned_counts, rows_as_text, tables_mentioning, user_row_id

pytestmark = pytest.mark.timeout(90)


@dataclass(frozen=True)
class Visitor:
    """One user on one surface, and the made-up words only their messages contain."""

    key: UserKey
    words: tuple[str, str]

    def turn(self, number: int) -> str:
        return (
            f"I hear you about {self.words[0]}. We can't do 15%, but if you sign for three "
            f"years we can do {number + 3}% on the {self.words[1]} line."
        )

    @property
    def draft(self) -> str:
        return f"Sorry about {self.words[0]}, we can give you the 20% on {self.words[1]}."


SLACK = Visitor(UserKey("slack", TEAM, "U0PRIVACY"), ("florbixen", "quandrelle"))
TEAMS = Visitor(UserKey("teams", activities.TENANT, "aad-privacy"), ("glimmerzot", "brantiquo"))
WEB_WORDS = ("snarfwickle", "plumtroven")
BYSTANDER_TEXT = "What matters most to you in this renewal, apart from the price?"
CHANNEL = "C0PRIVACY"


def judge_answer(verdict: str = "dominant") -> Reply:
    """A valid judge answer that disagrees with the offline analysis (a disagreement row)."""
    return Reply(
        json.dumps(
            {
                "verdict": verdict,
                "dominance": 0.6,
                "affiliation": -0.2,
                "evidence": [{"quote": "we can", "signal": "model_cue", "leans": verdict}],
                "advice": "Name what you want in return before you move.",
                "rewrite": "If you sign for three years, we can look at the price together.",
                "habits": ["trading"],
            }
        )
    )


VOICE = Reply("That is still too expensive for us. What else can you put on the table?")


@pytest.fixture
def product_logs() -> Iterator[tuple[io.StringIO, LogBook]]:
    """The server's logging as ``noblesse serve`` sets it up, at DEBUG, writing into a buffer;
    a log book after its handler sees each record as that handler left it. Restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    touched = ("alembic", *STATEMENT_LOGGERS, *PAYLOAD_LOGGERS)
    saved_levels = {name: logging.getLogger(name).level for name in touched}
    output = io.StringIO()
    handler = configure_logging(replace(Settings(), log_level="DEBUG"), stream=output)
    book = LogBook()
    root.addHandler(book)
    try:
        yield output, book
    finally:
        root.removeHandler(book)
        root.removeHandler(handler)
        for old in saved_handlers:
            if old not in root.handlers:
                root.addHandler(old)
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


@dataclass
class Visit:
    stack: Stack
    model: FakeOpenAI


@pytest.fixture
async def visit(
    product_logs: tuple[io.StringIO, LogBook], database: DatabaseLike
) -> AsyncIterator[Visit]:
    """The server (each backend) with a model, opened after the logging is configured."""
    async with FakeOpenAI() as model:
        llm = LLMSettings(api_key="test-key", base_url=model.openai_url)
        async with open_stack(database, llm=llm) as stack:
            yield Visit(stack, model)


# --- the visits ---------------------------------------------------------------------------------


async def slack_command(stack: Stack, user: str, text: str, key: str) -> None:
    body = urlencode(
        {
            "command": "/coach",
            "text": text,
            "team_id": TEAM,
            "user_id": user,
            "channel_id": CHANNEL,
            "response_url": stack.fake_slack.response_url(key),
            "trigger_id": "t",
        }
    ).encode()
    answer = await stack.slack_post(body, FORM)
    assert answer.status == 200, answer
    await stack.settle()


async def slack_in_thread(stack: Stack, user: str, text: str, root: str, ts: str) -> None:
    event = message_event(text, user=user, channel=CHANNEL, thread_ts=root, ts=ts)
    answer = await stack.slack_post(json.dumps(event_body(event)).encode())
    assert answer.status == 200, answer
    await stack.settle()


def started_thread(stack: Stack, count_before: int) -> str:
    """The thread a role-play just opened: its first message was updated into the briefing."""
    updates = stack.fake_slack.of("chat.update")
    assert len(updates) > count_before, "no role-play thread was opened"
    return str(updates[-1].args["ts"])


async def visit_slack(visit: Visit, user: str, *, full: bool) -> None:
    stack, model = visit.stack, visit.model
    updates = len(stack.fake_slack.of("chat.update"))
    await slack_command(stack, user, "roleplay price", f"{user}-start")
    root = started_thread(stack, updates)
    texts = [SLACK.turn(n) for n in range(2)] if full else [BYSTANDER_TEXT]
    for number, text in enumerate(texts):
        model.queue(judge_answer(), VOICE)
        await slack_in_thread(stack, user, text, root, f"17000009{number:02d}.000100")
    if full:
        model.queue(judge_answer())
        await slack_command(stack, user, f"feedback {SLACK.draft}", f"{user}-draft")
        await slack_command(stack, user, "tip", f"{user}-tip")


async def teams_say(stack: Stack, user: str, text: str) -> None:
    activity = activities.message(
        stack.connector.url, text, user=user, conversation=f"a:personal-{user}"
    )
    answer = await stack.teams_activity(activity)
    assert answer.status in {200, 201}, answer


async def visit_teams(visit: Visit, user: str, *, full: bool) -> None:
    stack, model = visit.stack, visit.model
    await teams_say(stack, user, "roleplay price")
    for text in [TEAMS.turn(n) for n in range(2)] if full else [BYSTANDER_TEXT]:
        model.queue(judge_answer(), VOICE)
        await teams_say(stack, user, text)
    if full:
        model.queue(judge_answer())
        await teams_say(stack, user, f"feedback: {TEAMS.draft}")
        await teams_say(stack, user, "tip")


def _submit_data(element: Any, wanted: str) -> dict[str, Any] | None:
    """The ``data`` of the card button whose data holds ``wanted``, searched depth-first."""
    if isinstance(element, dict):
        data = element.get("data")
        if (
            element.get("type") == "Action.Submit"
            and isinstance(data, dict)
            and wanted in data.values()
        ):
            return data
        children: Any = element.values()
    elif isinstance(element, list):
        children = element
    else:
        return None
    for child in children:
        found = _submit_data(child, wanted)
        if found is not None:
            return found
    return None


async def teams_forget(stack: Stack, user: str) -> None:
    """ "forget", then the confirmation card's button, as a Teams user does it (inside a
    role-play, typed text other than a bare command word is a turn)."""
    before = len(stack.connector.messages())
    await teams_say(stack, user, "forget")
    cards = [posted.card for posted in stack.connector.messages()[before:] if posted.card]
    data = next(d for card in cards if (d := _submit_data(card, "forget_confirm")) is not None)
    press = activities.submit(
        stack.connector.url, data, user=user, conversation=f"a:personal-{user}"
    )
    answer = await stack.teams_activity(press)
    assert answer.status in {200, 201}, answer


async def web_call(stack: Stack, action: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = await stack.playground(action, body)
    assert answer.status == 200, answer
    payload: dict[str, Any] = answer.json()
    return payload


async def visit_playground(visit: Visit, *, full: bool) -> UserKey:
    """A visit from a fresh browser (its own cookie); returns the visitor's key."""
    stack, model = visit.stack, visit.model
    stack.client.session.cookie_jar.clear()
    tab = {"tab": "tab-privacy1"}
    await web_call(stack, "start", {**tab, "scenario": "price_squeeze", "seed": 2})
    words = WEB_WORDS if full else ("", "")
    visitor = Visitor(UserKey("web", "", ""), words)
    for text in [visitor.turn(n) for n in range(2)] if full else [BYSTANDER_TEXT]:
        model.queue(judge_answer(), VOICE)
        await web_call(stack, "turn", {**tab, "text": text})
    if full:
        model.queue(judge_answer())
        await web_call(stack, "feedback", {"text": visitor.draft})
        await web_call(stack, "tip", {})
    cookie = next(c for c in stack.client.session.cookie_jar if c.key == "noblesse_visitor")
    return UserKey("web", "", cookie.value)


# --- the test -----------------------------------------------------------------------------------


async def test_no_words_in_the_logs_and_nothing_left_after_forget(
    visit: Visit, database: DatabaseLike, product_logs: tuple[io.StringIO, LogBook]
) -> None:
    output, book = product_logs
    stack = visit.stack
    secrets = [*SLACK.words, *TEAMS.words, *WEB_WORDS]

    await visit_slack(visit, SLACK.key.user_id, full=True)
    await visit_slack(visit, "U0BYSTANDER", full=False)
    await visit_teams(visit, "privacy", full=True)
    await visit_teams(visit, "bystander", full=False)
    web_bystander = await visit_playground(visit, full=False)
    web = await visit_playground(visit, full=True)
    assert len(visit.model.requests) >= 3 * 5, "the model did not take part"

    # The words reached the store (so the search below can find them) ...
    before = tables_mentioning(await rows_as_text(database), secrets)
    assert "turns" in before and set(before["turns"]) == set(secrets), before
    users = {key: await user_row_id(database, key) for key in (SLACK.key, TEAMS.key, web)}
    assert all(row is not None for row in users.values()), users

    # ... and "forget me", through each surface, takes them out again.
    await slack_command(stack, SLACK.key.user_id, "forget confirm", "forget")
    await teams_forget(stack, "privacy")
    forgotten = await web_call(stack, "forget", {"confirmed": True})
    assert forgotten["forgotten"] is True

    rows = await rows_as_text(database)
    assert not tables_mentioning(rows, secrets), "words of forgotten users are still stored"
    for key, row in users.items():
        assert row is not None
        assert await user_row_id(database, key) is None, f"{key} is still a user"
        counts, unlinked = await owned_counts(database, row)
        assert set(counts) >= {"users", "sessions", "turns", "llm_usage", "judge_disagreements"}
        assert not {table: n for table, n in counts.items() if n}, f"rows of {key} remain"
        assert unlinked <= USER_FREE_TABLES, f"tables with no way back to users: {unlinked}"
        assert not tables_mentioning({t: rows[t] for t in unlinked}, [key.user_id]), (
            f"{key} is named in a table said to hold nothing about people"
        )
    teams_bystander = UserKey("teams", activities.TENANT, "aad-bystander")
    for bystander in (UserKey("slack", TEAM, "U0BYSTANDER"), teams_bystander, web_bystander):
        row = await user_row_id(database, bystander)
        assert row is not None, f"{bystander} was forgotten too"
        counts, _ = await owned_counts(database, row)
        assert counts["sessions"] and counts["turns"], f"{bystander} lost their role-play"

    # Nothing they wrote is in the logs: not in the output, not in any record.
    text = output.getvalue().lower()
    assert not [word for word in secrets if word in text], "message text in the log output"
    leaks = book.leaks(secrets)
    assert not leaks, [
        f"{word}: {record.name} {record.getMessage()[:80]}" for word, record in leaks
    ]
    # (and the logs were really caught: every surface's requests are in the access log)
    access = [r.getMessage() for r in book.records if r.name == ACCESS_LOGGER]
    for path in ("/slack/events", "/api/messages", "/api/playground/turn"):
        assert any(path in line for line in access), f"no access line for {path}"
    assert any(r.levelno == logging.DEBUG for r in book.records), "DEBUG records were not caught"


@pytest.mark.parametrize("how", ["late", "forged"])
async def test_a_refused_slack_request_leaves_no_text_in_the_logs(
    sqlite_stack: Stack, how: str
) -> None:
    word = "zendrufillic"
    event = message_event(f"Our floor is 41k, {word}.", channel="D0LATE", channel_type="im")
    body = json.dumps(event_body(event)).encode()
    stamp = str(int(time.time()) - (600 if how == "late" else 0))
    signature = slack_signature(body, stamp, secret="not-the-secret" if how == "forged" else None)
    headers = {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    with logbook(logging.INFO) as book:  # the server's default level
        answer = await sqlite_stack.request("POST", SLACK_EVENTS, body, headers)
    assert answer.status == 401
    leaks = book.leaks([word])
    assert not leaks, [record.getMessage()[:120] for _, record in leaks]
