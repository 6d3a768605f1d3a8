"""`/sales <subcommand>`: shortcuts that become the same text a user could have typed to the bot."""

from __future__ import annotations

# Subcommand → what it means in the conversation. These are inputs for the intent parser (which reads
# English and Chinese alike), not text shown to anyone; anything else after /sales is passed on as typed.
SUBCOMMANDS = {
    "": "help",
    "help": "help",
    "pipeline": "my pipeline",
    "deals": "my pipeline",
    "tasks": "what's on today",
    "today": "what's on today",
    "report": "daily report",
}


def command_text(text: str) -> str:
    """The conversation text for `/sales …` (`link CODE` is kept as is: the adapter redeems it)."""
    cleaned = " ".join(text.split())
    return SUBCOMMANDS.get(cleaned.casefold(), cleaned)
