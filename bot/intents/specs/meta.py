"""Talking to the bot itself: help, undo, cancel."""

from __future__ import annotations

from typing import Literal

from bot.intents.command import Command
from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues


class Help(Command):
    """What the assistant can do and how to say it."""

    intent: Literal["help"] = "help"


class Undo(Command):
    """Revert the user's last saved change."""

    intent: Literal["undo"] = "undo"


class Cancel(Command):
    """Drop what is waiting for confirmation."""

    intent: Literal["cancel"] = "cancel"


_HELP = cues(
    (r"^/(?:help|start)\b|^(?:help|commands?|menu)\b", 6), (rf"{L}help{R}", 3),
    (rf"{L}what can (?:you|u) do{R}|{L}(?:what|which) commands{R}|{L}what can i (?:say|ask|type|do){R}", 6),
    (r"^(?:how (?:do|can|should|would) (?:i|we|you)|how to|how does (?:this|it|the bot))\b|"
     r"^how (?:does|do) .{1,30} work\b", 6),
    (rf"{L}(?:manual|tutorial|instructions|user guide|features){R}", 3),
    (r"帮助|怎么用|如何使用|使用说明|说明书|你能做什么|你会什么|能干什么|有哪些功能|有什么功能|"
     r"(?:你|你们|这个bot|机器人)(?:能|会|可以)(?:干|做|帮我(?:做|干)?)(?:嘛|啥|什么)|"
     r"功能列表|教程|咋用", 6),
    (r"(?:^|\s)怎么(?!样|回事|办|了|这么|那么|还|没|又)\s?(?:[a-zA-Z]+|[\u4e00-\u9fff])", 6),
    (r"如何(?:记录|添加|新建|建|创建|录入|撤销|使用)", 5),
)
_UNDO = cues(
    (rf"{L}(?:undo|revert|take (?:that|it) back|roll ?back|rollback){R}", 6),
    (r"撤销|撤回|回退|回滚|取消上一[步条]|恢复上一", 6),
    (rf"{L}(?:scratch|reverse|back out|take back|pull)\s+(?:that|the|my)\s+(?:last|previous)\s+"
     rf"(?:entry|one|log|note|change|update|record|thing){R}|"
     rf"{L}(?:last|previous) (?:entry|one|log|change|record) was (?:wrong|a mistake){R}|"
     r"(?:刚才|上一条|上条|刚刚|那条).{0,4}(?:记错了|录错了|弄错了|搞错了)", 6),
)
_CANCEL = cues(
    (rf"^(?:cancel|nvm|never ?mind|forget (?:it|that|about it)|stop|abort|scrap (?:that|it)|no thanks|"
     rf"don'?t bother|skip it|drop it){R}", 5),
    (rf"{L}(?:cancel|nvm|never ?mind){R}", 3),
    (rf"^(?:no[,.!]?\s+)?(?:don'?t|do not|dont)\s+(?:save|log|record|add|send|submit|create)\s+"
     rf"(?:that|it|this|anything){R}", 6),
    (r"^(?:先)?(?:别|不要|不用)(?:保存|存|记录?|录入?|提交|发送?|建)(?:了|吧|啦)?$", 6),
    (r"^(?:取消|算了|不用了|不要了|别弄了|不弄了|先不|放弃|不记了|别记了|不用[记弄做写存建加]了)|取消吧|算了吧|不用了|"
     r"先不[弄记做要搞]了", 5),
)


def _score_undo(f: Features, s: Signals, own: float) -> float:
    return min(own, 3) if own > 0 and s.words > 8 else own  # "undo" inside a long sentence is a word


def _score_cancel(f: Features, s: Signals, own: float) -> float:
    return min(own, 1.5) if own > 0 and s.words > 5 else own  # "cancel" inside a sentence is not "stop this"


SPECS = (
    IntentSpec(
        name="help", command=Help, writes=False, order=10, cues=_HELP, help="help.help",
        examples={"en": ("help", "what can you do"), "zh": ("帮助", "怎么用")},
        handler="bot.handlers.meta:HelpHandler",
    ),
    IntentSpec(
        name="undo", command=Undo, writes=True, order=20, cues=_UNDO, scorer=_score_undo, help="help.undo",
        examples={"en": ("undo",), "zh": ("撤销",)},
        handler="bot.handlers.meta:UndoHandler",
    ),
    IntentSpec(
        name="cancel", command=Cancel, writes=False, order=30, cues=_CANCEL, scorer=_score_cancel,
        help="help.cancel",
        examples={"en": ("cancel", "never mind"), "zh": ("取消", "算了")},
        handler="bot.handlers.meta:CancelHandler",
    ),
)
