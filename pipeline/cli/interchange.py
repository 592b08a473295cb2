"""diglot interchange commands."""

COMMANDS: list = []
