"""The Microsoft Teams surface, on the Bot Framework SDK (botbuilder 4.17, ``CloudAdapter``).

Every line that touches the Bot Framework lives in this package, so that a later move to the
Microsoft 365 Agents SDK changes nothing outside it. The seam to the coach is two pure
converters: :func:`adapters.teams.conversion.to_request` (an activity in, a coach request out)
and :func:`adapters.teams.rendering.render` (a coach reply in, an activity out).

The server finds the factory in :mod:`adapters.teams.surface` (``create_surface`` and
``off_reason``); this module stays empty so that importing the package costs nothing.
"""
