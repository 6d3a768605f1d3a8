"""The REST API (/api/v1): a FastAPI app over the same core services and scoping as the chat, mounted into the
one aiohttp server (`bot.api.mount`). Nothing here is imported by core."""
