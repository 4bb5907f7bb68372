"""Several ``noblesse serve`` processes on one PostgreSQL database, and database faults."""
