"""The coaching flow: platform-neutral requests in (``bot.coach.requests``), platform-neutral
replies out (``bot.coach.replies``), and the ``Coach`` in between (``bot.coach.coach``).

Import from the submodules; this package module stays empty so that a light import (the
replies, say, for rendering) does not pull in the store and its database drivers.
"""
