"""The Telegram plumbing (bot/telegram): the inbox and its poller, the webhook server, dialog storage."""
