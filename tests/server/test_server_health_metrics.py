"""Health, readiness and the Prometheus metrics, over HTTP and as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.server.health import Health
from adapters.server.metrics import CONTENT_TYPE, Counter, Histogram, Metrics

from .support import serve_app

pytestmark = pytest.mark.timeout(30)

# A sample line of the text exposition format: name, optional labels, a number.
SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"'
    r'(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|\+Inf|-Inf|NaN)$'
)


def samples(text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        assert SAMPLE.match(line), line
        name, value = line.rsplit(" ", 1)
        found[name] = float(value)
    return found


async def test_alive_and_ready(tmp_path: Path) -> None:
    async with serve_app(tmp_path) as served:
        response = await served.client.get("/healthz")
        assert response.status == 200 and (await response.json()) == {"status": "ok"}
        response = await served.client.get("/readyz")
        assert response.status == 200 and (await response.json())["database"] == "ok"


class Database:
    def __init__(self, answers: bool) -> None:
        self.answers = answers

    async def ping(self) -> bool:
        return self.answers


async def test_not_ready_without_a_database_or_while_stopping() -> None:
    database = Database(answers=False)
    health = Health(database)
    app = web.Application()
    health.mount(app)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/readyz")
        assert response.status == 503
        assert (await response.json())["database"] == "unreachable"
        assert (await client.get("/healthz")).status == 200
        database.answers = True
        assert (await client.get("/readyz")).status == 200
        health.stopping = True
        response = await client.get("/readyz")
        assert response.status == 503 and (await response.json())["status"] == "stopping"


async def test_readiness_turns_off_when_shutdown_begins() -> None:
    health = Health(Database(answers=True))
    app = web.Application()
    health.mount(app)
    server = TestServer(app)
    await server.start_server()
    assert not health.stopping
    await server.close()
    assert health.stopping


async def test_metrics_count_requests_turns_drafts(tmp_path: Path) -> None:
    async with serve_app(tmp_path) as served:
        await served.post("start", {"tab": "metrics-tab", "scenario": "price_squeeze", "seed": 3})
        await served.post("turn", {"tab": "metrics-tab", "text": "What matters most to you here?"})
        await served.post("feedback", {"text": "Take it or leave it."})
        await served.client.get("/no/such/page")
        response = await served.client.get("/metrics")
        assert response.status == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE
        text = await response.text()
    found = samples(text)
    route = 'route="/api/playground/turn"'
    assert found[f'noblesse_http_requests_total{{{route},method="POST",status="200"}}'] == 1
    assert found[f"noblesse_http_request_duration_seconds_count{{{route}}}"] == 1
    assert found[f'noblesse_http_request_duration_seconds_bucket{{{route},le="+Inf"}}'] == 1
    assert found['noblesse_http_requests_total{route="unmatched",method="GET",status="404"}'] == 1
    assert sum(v for k, v in found.items() if k.startswith("noblesse_turns_total{")) == 1
    assert found['noblesse_roleplays_started_total{lang="en"}'] == 1
    assert found['noblesse_drafts_checked_total{stance="dominant",source="offline"}'] == 1
    assert found['noblesse_customer_lines_total{source="offline"}'] == 1
    assert found["noblesse_rate_limited_total"] == 0
    assert found["noblesse_process_start_time_seconds"] > 0
    for name in (
        "noblesse_model_tokens_total",
        "noblesse_model_fallbacks_total",
        "noblesse_tips_sent_total",
    ):
        assert f"# TYPE {name} counter" in text


def test_histogram_buckets_are_cumulative() -> None:
    histogram = Histogram("h_seconds", "help", ("route",), buckets=(0.1, 1.0))
    for value in (0.05, 0.1, 0.5, 3.0):
        histogram.observe(value, route="/a")
    lines = list(histogram.lines())
    assert lines[:2] == ["# HELP h_seconds help", "# TYPE h_seconds histogram"]
    assert 'h_seconds_bucket{route="/a",le="0.1"} 2' in lines
    assert 'h_seconds_bucket{route="/a",le="1"} 3' in lines
    assert 'h_seconds_bucket{route="/a",le="+Inf"} 4' in lines
    assert 'h_seconds_count{route="/a"} 4' in lines
    assert 'h_seconds_sum{route="/a"} 3.65' in lines


def test_label_values_are_escaped_and_labels_checked() -> None:
    counter = Counter("c_total", "help", ("route",))
    counter.inc(route='a"b\\c\nd')
    assert 'c_total{route="a\\"b\\\\c\\nd"} 1' in list(counter.lines())
    with pytest.raises(ValueError):
        counter.inc(path="/x")
    with pytest.raises(ValueError):
        counter.inc(-1, route="/x")


def test_a_fresh_registry_renders_every_series() -> None:
    text = Metrics(clock=lambda: 1_700_000_000.0).render()
    assert text.endswith("\n")
    found = samples(text)
    assert found["noblesse_process_start_time_seconds"] == 1_700_000_000
    assert found["noblesse_http_requests_in_flight"] == 0
