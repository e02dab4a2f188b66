"""What the bot shows, rendered as Telegram HTML text with its keyboards."""
