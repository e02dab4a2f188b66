"""``python -m tests.support.fakebotapi``: the standalone server."""

from tests.support.fakebotapi.cli import main

main()
