"""Slack channel: events, mentions, /sales, buttons, voice clips and the App Home, over HTTP or Socket Mode.

Importing this package loads slack-bolt but connects to nothing; `salesbot serve` imports it only when
SALESBOT_SLACK_BOT_TOKEN is set.
"""

from bot.channels.slack.channel import SlackChannel

__all__ = ["SlackChannel"]
