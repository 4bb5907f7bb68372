"""Noblesse's coaching core: footing analysis, the demanding customer, coaching flow, tips, storage.

Nothing in this package knows about Slack, Teams or any other surface; adapters translate
their events into the core's requests and render its replies.
"""

__version__ = "0.1.0"
