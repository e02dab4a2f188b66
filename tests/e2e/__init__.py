"""The real bot process against the fake Bot API (tests/support/fakebotapi/), and tests of that machinery."""
