"""The checker desk's use cases: tip clusters, triage (take, link, reject), verdicts written and corrected
at the desk, the notices readers get, the audit log and the figures editors see.

Each takes the session it is given and returns what happened; the Telegram side (bot/telegram/desk.py)
renders cards and sends what these return."""
