"""The use cases: what the bot does with a post, a tip, a verdict or a broadcast, without Telegram."""
