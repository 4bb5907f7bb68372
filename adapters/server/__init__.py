"""``noblesse serve``: one aiohttp server for every surface.

The server holds the store and the coach, mounts the web playground and whichever platform
surfaces (Slack, Teams) are switched on, answers health and metrics probes, and runs the
background jobs (daily tips, retention). Start it with ``python -m adapters.server.main``.
"""
