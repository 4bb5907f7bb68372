"""Noblesse on Slack: slack-bolt's ``AsyncApp`` over HTTP (``/slack/events``) or Socket Mode.

``create_surface(settings, coach, store)`` gives the surface the server mounts (None when Slack
is off; ``off_reason(settings)`` says why). The ``/coach`` command, the "Check footing" and
"Check a draft" shortcuts, role-play threads, the assistant view, App Home and daily tips by DM
all hand platform-neutral requests to the coach and render its replies in Block Kit.
"""

from adapters.slack.surface import SlackSurface, create_surface, off_reason

__all__ = ["SlackSurface", "create_surface", "off_reason"]
