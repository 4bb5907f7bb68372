"""The terminal surface: the ``noblesse`` command line."""
