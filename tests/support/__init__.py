"""What the tests share: the fake Bot API, the mocked bot, the end-to-end and replica helpers, pictures."""
