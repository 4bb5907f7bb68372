"""App installations per workspace (Slack OAuth): saved, replaced, found, deleted."""

from __future__ import annotations

from bot.store import Store


async def test_an_installation_is_saved_replaced_found_and_deleted(store: Store) -> None:
    assert await store.find_installation("slack", enterprise_id=None, team_id="T001") is None
    await store.save_installation(
        "slack",
        enterprise_id=None,
        team_id="T001",
        is_enterprise=False,
        data={"bot_token": "xoxb-1", "scopes": ["chat"]},
    )
    await store.save_installation(
        "slack",
        enterprise_id=None,
        team_id="T001",
        is_enterprise=False,
        data={"bot_token": "xoxb-2", "scopes": ["chat"]},
    )
    found = await store.find_installation("slack", enterprise_id=None, team_id="T001")
    assert found == {"bot_token": "xoxb-2", "scopes": ["chat"]}
    assert await store.find_installation("slack", enterprise_id=None, team_id="T002") is None


async def test_an_organisation_wide_installation_serves_every_workspace(store: Store) -> None:
    await store.save_installation(
        "slack", enterprise_id="E1", team_id="T9", is_enterprise=True, data={"bot_token": "x"}
    )
    for team in ("T1", "T2", None):
        found = await store.find_installation(
            "slack", enterprise_id="E1", team_id=team, is_enterprise=True
        )
        assert found == {"bot_token": "x"}
    assert await store.delete_installation(
        "slack", enterprise_id="E1", team_id=None, is_enterprise=True
    )
    assert not await store.delete_installation(
        "slack", enterprise_id="E1", team_id=None, is_enterprise=True
    )
    assert (
        await store.find_installation("slack", enterprise_id="E1", team_id="T1", is_enterprise=True)
        is None
    )
