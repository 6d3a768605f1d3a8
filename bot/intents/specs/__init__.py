"""The intent specs, one module per domain; `bot/intents/registry.py` lists them."""
