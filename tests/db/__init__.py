"""The database room (bot/db): migrations and storage adapters, on SQLite and PostgreSQL."""
