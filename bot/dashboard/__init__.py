"""The web dashboard (数据看板) at /dashboard: the chat's reports in a browser, read-only, server-rendered."""
