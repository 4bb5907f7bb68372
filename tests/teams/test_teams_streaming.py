"""Streaming the customer's words into a personal chat (Teams' streaming protocol), plain
messages everywhere else."""

from __future__ import annotations

import itertools
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from fakes.openai_server import FakeOpenAI, Reply

from adapters.teams.streaming import StreamingVoice
from bot.coach.coach import Coach
from bot.coach.collaborators import OfflineVoice, Wording
from bot.coach.model_backed import build_collaborators
from bot.customer.model import Decision, Exchange
from bot.identity import UserKey
from bot.settings import LLMSettings, Settings
from bot.store import Store

from . import activities as a
from .conftest import MakeTeams, TeamsApp

pytestmark = pytest.mark.timeout(30)

CHUNKS = ("That is ", "still too ", "expensive for us.")
USER = UserKey("teams", a.TENANT, "aad-u1")
MODEL_SETTINGS = Settings(llm=LLMSettings(api_key="test-key"))


@dataclass(frozen=True)
class Finished:
    text: str
    source: str = "model"
    budget_notice: bool = False


class ScriptedStream:
    """Chunks like a model's, with the finished line in ``result`` at the end."""

    def __init__(self, chunks: Sequence[str]) -> None:
        self._chunks = list(chunks)
        self.result: Finished | None = None
        self.closed = False

    def __aiter__(self) -> ScriptedStream:
        return self

    async def __anext__(self) -> str:
        if not self._chunks:
            self.result = Finished("That is still too expensive for us.")
            raise StopAsyncIteration
        return self._chunks.pop(0)

    async def aclose(self) -> None:
        self.closed = True


class ScriptedVoice(OfflineVoice):
    def __init__(self) -> None:
        self.streams: list[ScriptedStream] = []

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        return Wording("".join(CHUNKS), "model")

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        stream = ScriptedStream(CHUNKS)
        self.streams.append(stream)
        return stream


@pytest.fixture
async def streaming(make_teams: MakeTeams, store: Store) -> tuple[TeamsApp, ScriptedVoice]:
    voice = ScriptedVoice()
    coach = Coach(store, voice=voice, rng=random.Random(7))
    teams = await make_teams(MODEL_SETTINGS, coach=coach)
    assert isinstance(coach.voice, StreamingVoice)
    return teams, voice


async def turn(teams: TeamsApp, text: str, **kwargs: Any) -> list[Any]:
    before = len(teams.connector.posted)
    status, _ = await teams.post(a.message(teams.service_url, text, **kwargs))
    assert status == 201
    return teams.connector.posted[before:]


async def test_the_customer_line_streams_in_a_personal_chat(
    streaming: tuple[TeamsApp, ScriptedVoice],
) -> None:
    teams, voice = streaming
    started = await turn(teams, "roleplay price")
    assert [p.type for p in started] == ["message", "message"], "the opening is not streamed"

    posted = await turn(teams, "I understand. What matters most to you?")

    informative, *updates, final, badge = posted
    assert informative.type == "typing"
    assert informative.stream_info == {
        "type": "streaminfo",
        "streamType": "informative",
        "streamSequence": 1,
    }
    assert informative.body["channelData"]["streamSequence"] == 1
    assert informative.text == "The customer is reading your answer…"
    stream_ids = {u.stream_info["streamId"] for u in updates if u.stream_info}
    assert len(stream_ids) == 1
    stream_id = stream_ids.pop()
    assert [u.type for u in updates] == ["typing"] * 3
    assert [u.text for u in updates] == [
        "Marleen Claes: That is ",
        "Marleen Claes: That is still too ",
        "Marleen Claes: That is still too expensive for us.",
    ]
    assert [u.stream_info["streamSequence"] for u in updates if u.stream_info] == [2, 3, 4]
    assert all(u.body["channelData"]["streamId"] == stream_id for u in updates)
    assert final.type == "message"
    assert final.stream_info == {"type": "streaminfo", "streamType": "final", "streamId": stream_id}
    assert final.body["channelData"] == {"streamType": "final", "streamId": stream_id}
    assert final.text.endswith(": That is still too expensive for us.")
    assert final.card is not None, "the buttons ride on the final message"
    assert badge.card is not None and badge.stream_info is None
    assert voice.streams[-1].closed


async def test_group_chats_get_plain_messages(streaming: tuple[TeamsApp, ScriptedVoice]) -> None:
    teams, _ = streaming
    group = {"conversation": "19:g@thread.v2", "conversation_type": "groupChat", "mention": True}
    await turn(teams, "roleplay price", **group)

    posted = await turn(teams, "I understand. What matters most to you?", **group)

    assert [p.type for p in posted] == ["message", "message"]
    assert all(p.stream_info is None for p in posted)
    assert posted[1].text.endswith(": That is still too expensive for us.")


async def test_a_refused_stream_still_delivers_the_line(
    streaming: tuple[TeamsApp, ScriptedVoice],
) -> None:
    teams, _ = streaming
    await turn(teams, "roleplay price")
    teams.connector.refuse_streams = True

    posted = await turn(teams, "I understand. What matters most to you?")

    assert [p.type for p in posted] == ["message", "message"]
    badge, line = posted
    assert badge.card is not None
    assert line.stream_info is None
    assert line.text.endswith(": That is still too expensive for us.")


async def test_without_a_model_nothing_streams(teams: TeamsApp) -> None:
    await turn(teams, "roleplay price")

    posted = await turn(teams, "I understand. What matters most to you?")

    assert [p.type for p in posted] == ["message", "message"]
    assert not isinstance(teams.surface.bot.coach.voice, StreamingVoice)


async def test_the_model_voice_streams_end_to_end(make_teams: MakeTeams, store: Store) -> None:
    """The real stack: the gateway streams from a local OpenAI-compatible server, the model
    voice cleans the words, the Teams stream shows them, the final message stores the line."""
    async with FakeOpenAI() as fake:
        settings = Settings(llm=LLMSettings(api_key="test", base_url=fake.openai_url))
        _, voice, gateway = build_collaborators(settings, store)
        assert gateway is not None
        try:
            coach = Coach(store, voice=voice, rng=random.Random(7))
            teams = await make_teams(settings, coach=coach)
            await turn(teams, "roleplay price")
            line = "Three years is a long time. Make it 15% off and we can talk."
            fake.queue(Reply(line))

            posted = await turn(teams, "If you sign for three years, we can do 3%.")
        finally:
            await gateway.aclose()

    assert fake.requests[-1].stream
    streamed = [p for p in posted if p.type == "typing"]
    assert streamed[0].stream_info is not None
    assert streamed[0].stream_info["streamType"] == "informative"
    assert len(streamed) >= 2
    texts = [p.text for p in streamed[1:]]
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(texts))
    final = next(p for p in posted if p.type == "message" and p.stream_info is not None)
    assert final.stream_info is not None and final.stream_info["streamType"] == "final"
    assert final.text.endswith(line)
    turns = await store.turns((await store.recent_sessions(USER))[0].id)
    assert turns[-1].customer_line == line
