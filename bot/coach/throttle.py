"""A per-user token bucket: a person typing fast is fine, a flood is slowed down politely.

Each user has ``burst`` tokens, refilled at ``rate`` per second; a request takes one. A user
out of tokens gets one friendly notice, then silence until the bucket is half full again (a
chat flood should not be answered with a flood of notices). Kept in memory per process: with
several instances behind a load balancer each instance applies it to the requests it sees.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.identity import UserKey

Verdict = Literal["allow", "notice", "drop"]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    told: bool = False


class Throttle:
    def __init__(
        self,
        *,
        burst: int = 15,
        rate: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 50_000,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self.max_users = max_users
        self._buckets: OrderedDict[UserKey, _Bucket] = OrderedDict()

    def check(self, user: UserKey) -> Verdict:
        """ "allow" the request, answer it with a "notice", or "drop" it silently."""
        now = self.clock()
        bucket = self._buckets.get(user)
        if bucket is None:
            bucket = _Bucket(float(self.burst), now)
            self._buckets[user] = bucket
            if len(self._buckets) > self.max_users:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(user)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        if bucket.tokens >= self.burst / 2:
            bucket.told = False  # calm again: a later flood gets its own notice
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "allow"
        if bucket.told:
            return "drop"
        bucket.told = True
        return "notice"
