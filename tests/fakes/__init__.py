"""Local fake servers that speak real wire protocols, for tests without the network."""
