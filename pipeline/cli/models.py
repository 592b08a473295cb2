"""diglot models commands."""

COMMANDS: list = []
