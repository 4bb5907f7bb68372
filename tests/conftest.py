"""Shared fixtures: every test runs with an isolated environment and its own data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

_PLATFORM_VARS = (
    "DATABASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "OPENAI_API_VERSION",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_DEPLOYMENT",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "MicrosoftAppId",
    "MicrosoftAppPassword",
    "MicrosoftAppType",
    "MicrosoftAppTenantId",
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's credentials, and none writes into the working tree."""
    for name in _PLATFORM_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("NOBLESSE_") and name not in {
            "NOBLESSE_TEST_POSTGRES_URL",
            "NOBLESSE_REQUIRE_POSTGRES",
        }:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def postgres_url() -> str:
    """The machine's PostgreSQL, from ``NOBLESSE_TEST_POSTGRES_URL``.

    Skipped with a visible reason where there is none; in CI (``NOBLESSE_REQUIRE_POSTGRES=1``)
    a missing URL is a failure, not a skip.
    """
    url = os.environ.get("NOBLESSE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("NOBLESSE_REQUIRE_POSTGRES") == "1":
            pytest.fail("NOBLESSE_REQUIRE_POSTGRES=1 but NOBLESSE_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests need NOBLESSE_TEST_POSTGRES_URL (CI sets it)")
    return url
