"""Multi-workspace installs: the OAuth flow (install page, signed one-time state, redirect),
installations kept in the ``installations`` table, per-workspace tokens, uninstalls."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlparse

import pytest

from adapters.slack.application import BOT_SCOPES
from adapters.slack.installation_store import DatabaseInstallationStore
from adapters.slack.oauth_state import SignedStateStore
from bot.identity import UserKey
from bot.store import Store

from .fake_slack import FakeSlack
from .support import (
    ALICE,
    DatabaseLike,
    Harness,
    build_coach,
    running_surface,
    settings_for,
)

pytestmark = pytest.mark.timeout(30)

OAUTH = {
    "bot_token": "",
    "client_id": "111.222",
    "client_secret": "client-secret",
    "state_secret": "state-secret",
}
INSTALLED = "xoxb-installed-t2"


@pytest.fixture
async def multi(fake: FakeSlack, store: Store) -> AsyncIterator[Harness]:
    fake.oauth_access = {
        "access_token": INSTALLED,
        "token_type": "bot",
        "scope": ",".join(BOT_SCOPES),
        "bot_user_id": "U0BOT2",
        "app_id": "A0NOBLESSE",
        "team": {"id": "T2", "name": "Two"},
        "enterprise": None,
        "authed_user": {"id": "U0INSTALLER"},
        "is_enterprise_install": False,
    }
    fake.tokens[INSTALLED] = {
        "url": "https://two.slack.com/",
        "team": "Two",
        "user": "noblesse",
        "team_id": "T2",
        "user_id": "U0BOT2",
        "bot_id": "B0BOT2",
    }
    async with running_surface(fake, store, **OAUTH) as harness:
        yield harness


async def _install(multi: Harness) -> str:
    page = await multi.http.get("/slack/install")
    assert page.status == 200
    html = await page.text()
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
    assert link is not None
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    state = query["state"][0]
    assert page.cookies["slack-app-oauth-state"].value == state
    redirect = await multi.http.get(
        "/slack/oauth_redirect",
        params={"code": "code-123", "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )
    assert redirect.status == 200, await redirect.text()
    return state


async def test_a_workspace_installs_and_is_served_with_its_own_token(
    multi: Harness, store: Store
) -> None:
    await _install(multi)
    [access] = multi.fake.of("oauth.v2.access")
    assert access.args["code"] == "code-123"
    data = await store.find_installation("slack", enterprise_id=None, team_id="T2")
    assert data is not None and data["bot_token"] == INSTALLED and data["bot_id"] == "B0BOT2"
    assert "U0INSTALLER" not in repr(data)  # nothing about the person who installed it

    await multi.command("help", team="T2")
    await multi.settle()
    [looked_up] = multi.fake.of("users.info")
    assert looked_up.token == INSTALLED
    assert multi.fake.of("respond")

    # A workspace that never installed the app gets nothing done.
    await multi.command("help", team="T9")
    await multi.settle()
    assert len(multi.fake.of("users.info")) == 1


async def test_a_state_works_once(multi: Harness) -> None:
    state = await _install(multi)
    replay = await multi.http.get(
        "/slack/oauth_redirect",
        params={"code": "code-456", "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )
    assert replay.status >= 400
    assert len(multi.fake.of("oauth.v2.access")) == 1


async def test_a_forged_state_is_refused(multi: Harness) -> None:
    forged = "nonce.1700000000.0123456789abcdef"
    response = await multi.http.get(
        "/slack/oauth_redirect",
        params={"code": "code-789", "state": forged},
        headers={"Cookie": f"slack-app-oauth-state={forged}"},
    )
    assert response.status >= 400
    assert not multi.fake.of("oauth.v2.access")


async def test_uninstalling_removes_the_installation(multi: Harness, store: Store) -> None:
    await _install(multi)
    event = {"type": "app_uninstalled", "event_ts": "1700001100.000100"}
    response = await multi.event(event, team="T2")
    assert response.status == 200
    await multi.settle()
    assert await store.find_installation("slack", enterprise_id=None, team_id="T2") is None


async def test_daily_tips_use_the_workspace_token(multi: Harness, store: Store) -> None:
    from bot.coach.tipping import tip_card
    from bot.tips import load_catalogue

    catalogue = load_catalogue()
    tip = tip_card(catalogue.get(catalogue.ids[0], "en"))
    user_key = UserKey("slack", "T2", ALICE)
    user = await store.get_or_create_user(user_key)
    await store.save_conversation_ref(
        user_key, "slack", {"team_id": "T2", "enterprise_id": None, "is_enterprise_install": False}
    )
    assert not await multi.surface.send_tip(user, tip)  # not installed yet
    ref = await store.get_conversation_ref(user_key, "slack")
    assert ref is not None and ref.disabled

    await _install(multi)
    await store.save_conversation_ref(user_key, "slack", {"team_id": "T2"})
    assert await multi.surface.send_tip(user, tip)
    [post] = multi.fake.of("chat.postMessage")
    assert post.token == INSTALLED


# --- the installation store and the state store on their own --------------------------------


async def test_installations_on_each_backend(database: DatabaseLike) -> None:
    store = await Store.open(database.url, schema=database.schema)
    try:
        installations = DatabaseInstallationStore(store)
        from slack_sdk.oauth.installation_store.models.installation import Installation

        workspace = Installation(
            app_id="A1",
            team_id="T5",
            team_name="Five",
            bot_token="xoxb-5",
            bot_id="B5",
            bot_user_id="U5",
            bot_scopes=list(BOT_SCOPES),
            user_id="U0INSTALLER",
            user_token="xoxp-not-kept",
        )
        org = Installation(
            app_id="A1",
            enterprise_id="E1",
            team_id=None,
            bot_token="xoxb-org",
            bot_id="BORG",
            bot_user_id="UORG",
            user_id="U0ADMIN",
            is_enterprise_install=True,
        )
        await installations.async_save(workspace)
        await installations.async_save(org)
        bot = await installations.async_find_bot(enterprise_id=None, team_id="T5")
        assert bot is not None and bot.bot_token == "xoxb-5" and bot.bot_scopes == list(BOT_SCOPES)
        found = await installations.async_find_installation(
            enterprise_id=None, team_id="T5", user_id="U0ANYONE"
        )
        assert found is not None and found.user_token is None and found.user_id == ""
        # An organisation-wide install serves every workspace of the organisation.
        from_org = await installations.async_find_bot(
            enterprise_id="E1", team_id="T77", is_enterprise_install=True
        )
        assert from_org is not None and from_org.bot_token == "xoxb-org"
        # Installing again replaces; a revoked user token deletes nothing.
        workspace.bot_token = "xoxb-5b"
        await installations.async_save(workspace)
        await installations.async_delete_installation(
            enterprise_id=None, team_id="T5", user_id="U5"
        )
        again = await installations.async_find_bot(enterprise_id=None, team_id="T5")
        assert again is not None and again.bot_token == "xoxb-5b"
        await installations.async_delete_all(enterprise_id=None, team_id="T5")
        assert await installations.async_find_bot(enterprise_id=None, team_id="T5") is None
        await installations.async_delete_bot(enterprise_id="E1", team_id="T77")
        assert (
            await installations.async_find_bot(
                enterprise_id="E1", team_id=None, is_enterprise_install=True
            )
            is None
        )
        # Forgetting a person leaves installations alone (they hold nothing about people).
        assert "installations" not in await store.forget_user(UserKey("slack", "T5", "U0INSTALLER"))
    finally:
        await store.close()


async def test_signed_states_expire_and_cannot_be_forged(store: Store) -> None:
    now = [1_800_000_000.0]
    states = SignedStateStore("secret", store, expires_after_s=600, clock=lambda: now[0])
    fresh = await states.async_issue()
    late = await states.async_issue()
    other = SignedStateStore("another secret", store, clock=lambda: now[0])
    assert not await other.async_consume(fresh)
    assert not await states.async_consume(fresh + "0")
    assert not await states.async_consume("garbage")
    assert await states.async_consume(fresh)
    assert not await states.async_consume(fresh)
    now[0] += 601
    assert not await states.async_consume(late)


async def test_the_surface_is_built_with_oauth_and_no_bot_token(
    fake: FakeSlack, store: Store
) -> None:
    from adapters.slack import create_surface

    surface = create_surface(settings_for(fake, **OAUTH), build_coach(store), store)
    assert surface is not None and surface.oauth and surface.client.token is None


async def test_a_single_workspace_uninstall_is_noted(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    response = await slack.event({"type": "app_uninstalled", "event_ts": "1700001200.000100"})
    assert response.status == 200
    await slack.settle()
    assert any("uninstalled" in record.getMessage() for record in caplog.records)
