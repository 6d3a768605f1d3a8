"""Charts the chat sends as images (matplotlib, imported only when one is drawn)."""
