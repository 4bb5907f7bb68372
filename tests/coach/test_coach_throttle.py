"""A user flooding the coach is slowed down politely; others are not affected."""

from __future__ import annotations

from bot.coach.coach import Coach
from bot.coach.replies import Notice
from bot.coach.throttle import Throttle
from bot.identity import UserKey
from bot.store import Store

from .conftest import Dialogue


class _Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_fifty_messages_in_ten_seconds_are_slowed_down(store: Store) -> None:
    clock = _Clock()
    coach = Coach(store, throttle=Throttle(burst=15, rate=1.0, clock=clock))
    flooder = Dialogue(coach)
    calm = Dialogue(coach, user=UserKey("test", "t1", "calm"))
    answered = notices = dropped = 0
    for i in range(50):
        clock.now = 100.0 + i * 0.2  # 50 messages in 10 seconds
        replies = await flooder.send("help")
        if not replies:
            dropped += 1
        elif isinstance(replies[0], Notice) and "faster" in replies[0].text:
            notices += 1
        else:
            answered += 1
    assert 15 <= answered <= 27
    assert notices >= 1 and dropped >= 1
    assert notices <= answered  # one notice per pause, never a flood of notices
    assert (await calm.send("help"))[0].text  # another user is served as usual
    clock.now += 30
    assert not isinstance((await flooder.send("help"))[0], Notice)  # calm again after a pause


def test_the_bucket_refills() -> None:
    clock = _Clock()
    throttle = Throttle(burst=2, rate=0.5, clock=clock)
    user = UserKey("t", "", "u")
    assert [throttle.check(user) for _ in range(4)] == ["allow", "allow", "notice", "drop"]
    clock.now += 2.0
    assert throttle.check(user) == "allow"
