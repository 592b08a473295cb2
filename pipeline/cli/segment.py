"""diglot segment commands."""

COMMANDS: list = []
