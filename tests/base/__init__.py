"""The shared base of the bot: logs and the locales in all eight languages."""
