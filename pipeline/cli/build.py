"""diglot build commands."""

COMMANDS: list = []
