"""Surfaces of Noblesse: each adapter turns platform events into coach requests and renders
the coach's replies natively (Block Kit, Adaptive Cards, HTML, terminal text)."""
