"""Abuse and fault tests across the surfaces: fuzzed bodies, body limits, floods, model and
platform outages, and privacy of logs and of "forget me"."""
