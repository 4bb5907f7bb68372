"""Prometheus metrics, written by hand in the text exposition format (no extra dependency).

One :class:`Metrics` object per process holds every series the server reports: request
latency per route, role-play turns, checked drafts, language-model tokens and fallbacks, and
daily tips. ``GET /metrics`` renders it.
"""

from __future__ import annotations

import bisect
import math
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Middleware

CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

LabelValues = tuple[str, ...]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: Sequence[str], extra: str = "") -> str:
    parts = [f'{name}="{_escape(value)}"' for name, value in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class _Metric(ABC):
    kind = "untyped"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        self.name = name
        self.help = help_text
        self.label_names = tuple(labels)

    def _key(self, labels: dict[str, str]) -> LabelValues:
        if set(labels) != set(self.label_names):
            raise ValueError(
                f"{self.name} takes the labels {self.label_names}, not {tuple(labels)}"
            )
        return tuple(str(labels[name]) for name in self.label_names)

    def lines(self) -> Iterator[str]:
        yield f"# HELP {self.name} {self.help}"
        yield f"# TYPE {self.name} {self.kind}"
        yield from self._samples()

    @abstractmethod
    def _samples(self) -> Iterator[str]:
        """The metric's sample lines."""


class Counter(_Metric):
    """A value that only goes up."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labels)
        self._values: dict[LabelValues, float] = {}
        if not self.label_names:
            self._values[()] = 0.0

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError("a counter cannot go down")
        key = self._key(labels)
        self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self._values.get(self._key(labels), 0.0)

    def _samples(self) -> Iterator[str]:
        for key in sorted(self._values):
            yield f"{self.name}{_labels(self.label_names, key)} {_number(self._values[key])}"


class Gauge(_Metric):
    """A value that goes up and down, or is read from a function when rendered."""

    kind = "gauge"

    def __init__(
        self,
        name: str,
        help_text: str,
        *,
        read: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(name, help_text)
        self._value = 0.0
        self._read = read

    def set(self, value: float) -> None:
        self._value = value

    def inc(self, amount: float = 1.0) -> None:
        self._value += amount

    def dec(self, amount: float = 1.0) -> None:
        self._value -= amount

    def value(self) -> float:
        return self._read() if self._read is not None else self._value

    def _samples(self) -> Iterator[str]:
        yield f"{self.name} {_number(self.value())}"


class Histogram(_Metric):
    """Observations counted into cumulative buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self,
        name: str,
        help_text: str,
        labels: Sequence[str] = (),
        buckets: Sequence[float] = LATENCY_BUCKETS,
    ) -> None:
        super().__init__(name, help_text, labels)
        self.buckets = tuple(sorted(buckets))
        self._counts: dict[LabelValues, list[int]] = {}
        self._sums: dict[LabelValues, float] = {}

    def observe(self, value: float, **labels: str) -> None:
        key = self._key(labels)
        counts = self._counts.setdefault(key, [0] * (len(self.buckets) + 1))
        counts[bisect.bisect_left(self.buckets, value)] += 1
        self._sums[key] = self._sums.get(key, 0.0) + value

    def count(self, **labels: str) -> int:
        return sum(self._counts.get(self._key(labels), ()))

    def _samples(self) -> Iterator[str]:
        for key in sorted(self._counts):
            counts = self._counts[key]
            running = 0
            for bound, count in zip((*self.buckets, math.inf), counts, strict=True):
                running += count
                le = f'le="{_number(bound)}"'
                yield f"{self.name}_bucket{_labels(self.label_names, key, le)} {running}"
            yield f"{self.name}_sum{_labels(self.label_names, key)} {_number(self._sums[key])}"
            yield f"{self.name}_count{_labels(self.label_names, key)} {running}"


class Metrics:
    """Every series the server reports."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        started = clock()
        self.http_requests = Counter(
            "noblesse_http_requests_total",
            "HTTP requests answered, by route, method and status code.",
            ("route", "method", "status"),
        )
        self.http_latency = Histogram(
            "noblesse_http_request_duration_seconds",
            "Time to answer an HTTP request, by route.",
            ("route",),
        )
        self.http_in_flight = Gauge(
            "noblesse_http_requests_in_flight", "HTTP requests being handled right now."
        )
        self.sessions_started = Counter(
            "noblesse_roleplays_started_total", "Role-plays started, by language.", ("lang",)
        )
        self.sessions_ended = Counter(
            "noblesse_roleplays_ended_total", "Role-plays ended, by outcome.", ("outcome",)
        )
        self.turns = Counter(
            "noblesse_turns_total", "Role-play turns judged, by stance.", ("stance",)
        )
        self.drafts = Counter(
            "noblesse_drafts_checked_total",
            "Drafts checked, by stance and judge.",
            ("stance", "source"),
        )
        self.customer_lines = Counter(
            "noblesse_customer_lines_total",
            "Customer lines worded, by who wrote them (model or offline engine).",
            ("source",),
        )
        self.model_tokens = Counter(
            "noblesse_model_tokens_total",
            "Language-model tokens used, by kind (prompt or completion).",
            ("kind",),
        )
        self.model_calls = Counter(
            "noblesse_model_calls_total", "Language-model calls, by outcome.", ("outcome",)
        )
        self.model_fallbacks = Counter(
            "noblesse_model_fallbacks_total",
            "Answers the offline engine gave because the configured model did not, by part.",
            ("part",),
        )
        self.tips_sent = Counter(
            "noblesse_tips_sent_total", "Daily tips delivered, by platform.", ("platform",)
        )
        self.tips_failed = Counter(
            "noblesse_tips_failed_total", "Daily tip sends that failed, by platform.", ("platform",)
        )
        self.rate_limited = Counter(
            "noblesse_rate_limited_total", "Requests refused by the per-user rate limit."
        )
        self.purged_turns = Counter(
            "noblesse_retention_purged_turns_total", "Role-play turns whose text was purged."
        )
        self.start_time = Gauge(
            "noblesse_process_start_time_seconds",
            "When this process started, in seconds since the epoch.",
            read=lambda: started,
        )

    def _all(self) -> tuple[Counter | Gauge | Histogram, ...]:
        return (
            self.http_requests,
            self.http_latency,
            self.http_in_flight,
            self.sessions_started,
            self.sessions_ended,
            self.turns,
            self.drafts,
            self.customer_lines,
            self.model_tokens,
            self.model_calls,
            self.model_fallbacks,
            self.tips_sent,
            self.tips_failed,
            self.rate_limited,
            self.purged_turns,
            self.start_time,
        )

    def render(self) -> str:
        """Every series in the Prometheus text format, ending with a newline."""
        return "\n".join(line for metric in self._all() for line in metric.lines()) + "\n"


def route_of(request: web.Request) -> str:
    """The route's pattern ("/api/playground/{action}"), never the raw path: bounded labels."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def metrics_middleware(metrics: Metrics) -> Middleware:
    """Count and time every request by route."""

    @web.middleware
    async def measure(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        metrics.http_in_flight.inc()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            metrics.http_in_flight.dec()
            route = route_of(request)
            metrics.http_latency.observe(time.perf_counter() - started, route=route)
            metrics.http_requests.inc(route=route, method=request.method, status=str(status))

    return measure


def metrics_handler(metrics: Metrics) -> Handler:
    async def serve_metrics(request: web.Request) -> web.Response:
        response = web.Response(text=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    return serve_metrics
