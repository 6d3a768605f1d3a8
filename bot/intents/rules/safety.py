"""Text that is never a command: destructive or injected instructions, and plain chit-chat.

Both are registry-level rules, not intents: injection is `unknown` whatever else the message says (and never
reaches the LLM); chit-chat competes as `unknown` with a fixed score (see `rules/ranking.py`).
"""

from __future__ import annotations

import re

from bot.intents.spec import L, R

_F = re.IGNORECASE

INJECTION = re.compile(
    rf"{L}(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier|your)?\s*(?:instructions?|prompts?|rules)|"
    rf"system prompt|you are now|admin mode|developer mode|god mode|jailbreak|drop table|truncate table|"
    rf"delete|erase|destroy|purge|wipe|remove (?:all|every|the|this|that|my|our)|drop (?:all|every|the)|rm -rf|"
    rf"export (?:all|every)|dump (?:the|all)|sudo){R}|<\s*script|;\s*--|\bunion select\b|"
    r"忽略.{0,6}(?:指令|指示|规则|提示)|系统提示|删除|删掉|清空|全部删|管理员模式|导出所有",
    _F,
)
CHITCHAT = re.compile(
    r"^(?:hi+|hello|hey|yo|good (?:morning|afternoon|evening|night)|gm|thanks?|thank you|thx|ty|lol|lmao|haha+|"
    r"ok(?:ay)?|cool|nice|great|bye|how r u|how are you|sup)(?:\W|$)|你好|您好|谢谢|多谢|晚安|早上好|早安|哈哈|"
    r"辛苦了|好累|吃什么|讲个笑话|笑话|天气",
    _F,
)
