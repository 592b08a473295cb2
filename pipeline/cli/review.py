"""diglot review commands."""

COMMANDS: list = []
