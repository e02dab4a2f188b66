"""The routers (handlers/) driven through the dispatcher with a mocked bot (tests/support/mocked_bot.py)."""
