"""diglot glossary commands."""

COMMANDS: list = []
