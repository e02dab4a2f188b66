"""Everything that speaks to Telegram: the app, polling and webhook, middlewares, the outbox, views."""
