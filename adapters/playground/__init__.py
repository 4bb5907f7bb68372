"""The web playground: a page to role-play, check drafts and read today's tip in a browser,
and the JSON API under ``/api/playground/`` that it talks to. Mounted by ``noblesse serve``."""
