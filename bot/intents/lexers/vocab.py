"""Closed vocabularies: deal stages, interaction channels and report kinds, English and Chinese.

The Chinese words are the product brief's (初步接触, 方案报价, 谈判中, 已签约; 销售漏斗, 团队绩效排名,
客户生命周期价值 …) plus what reps actually type (丢单, 黄了, 拿下).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from bot.intents.vocabulary import Channel, ReportKind, Stage

_Word = TypeVar("_Word", bound=str)
_L = r"(?<![A-Za-z])"
_R = r"(?![A-Za-z])"


@dataclass(frozen=True)
class VocabMatch:
    value: str
    start: int
    end: int


# "was at granite bank's office", "at their plant": being at the customer's place is a visit.
_PLACE = r"(?:office|offices|site|plant|factory|warehouse|hq|headquarters|facility|premises|campus|store|showroom)\b"
_AT_PLACE = rf"\s+[^,.;!?\n]{{0,30}}?\b{_PLACE}"


def _compile(table: Mapping[_Word, str]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, re.IGNORECASE), value) for value, pattern in table.items()]


# The words users type, keyed by the one vocabulary (bot/intents/vocabulary.py); the table order breaks ties.
STAGE_WORDS: dict[Stage, str] = {
    "won": (
        rf"{_L}(?:closed[- ]?won|close[- ]won|won|win|signed(?! off)|inked)(?: it| the deal)?{_R}|"
        rf"{_L}closed(?= (?:the |a |our |that |this )?(?:[\w.'-]+ ){{0,3}}(?:deal|opp|opportunity|account){_R})|"
        r"赢单|赢了|成交了?|已成交|签约了?|已签约|签单了?|已签|签下|拿下了?|中标了?|签了"
    ),
    "lost": (
        rf"{_L}(?:closed[- ]?lost|close[- ]lost|lost|lose|dead|dropped|fell through){_R}|"
        r"丢单|输单|丢了|输了|黄了|没戏了?|失败了?|流失|没拿下|落标"
    ),
    "negotiation": (
        rf"{_L}(?:negotiat\w*|negotation|negociation|contract review|commercial terms){_R}|"
        r"谈判|商务谈判|议价|商务洽谈"
    ),
    "proposal": (
        rf"{_L}(?:proposal|proposals|quote stage|quoting|quoted|qoute stage|qoute|quote sent|proposal sent|rfp){_R}|"
        r"方案报价|报价阶段|方案阶段|已报价|方案"
    ),
    "qualified": (
        rf"{_L}(?:qualified|qualification|qualify|initial contact|first contact|discovery|sql){_R}|"
        r"初步接触|初次接触|需求确认|已验证"
    ),
    "lead": (
        rf"{_L}(?:lead|leads|prospect|prospecting|new lead|mql){_R}|线索|潜在|意向"
    ),
}

CHANNEL_WORDS: dict[Channel, str] = {
    "visit": (
        rf"{_L}(?:visit|visited|visiting|vistied|visted|vsited|vistited|onsite|on-site|on site|site visit|site survey|"
        rf"dropped by|stopped by|"
        rf"went to see|popped into|in person|just left|back from|came back from|got back from|site tour){_R}|"
        rf"{_L}(?:was|were|been|went|stopped|dropped|swung|popped)\s+(?:by|over|over to|to|at|into)(?={_AT_PLACE})|"
        rf"{_L}at(?=\s+(?:their|the|his|her|[\w-]+'s)\s+{_PLACE})|"
        r"拜访|上门|走访|去了|现场|实地|登门|考察|跑了|刚从|从(?=[^\s，,。]{2,12}?出来)|"
        r"去(?=[^\s，,。]{2,12}?(?:做了|拜访|调研|开会|见了|谈了|考察|参观))"
    ),
    "call": (
        rf"{_L}(?:called|call|calls|calling|calld|caled|phoned|phone|rang|ring|dialed|dialled|phone call|cold call|"
        rf"conf call|"
        rf"voicemail|vm){_R}(?!\s?[:：]?\s?\+?\(?\d{{3}})|电话里|电话中|电话(?!\s?[:：]?\s?\+?\(?\d{{3}})|打了个?电话|通话|致电|来电|"
        r"通了电话|语音"
    ),
    "email": (
        rf"{_L}(?:e-?mailed|e-?mail|emails|mailed|mail|inbox|replied by email|wrote to){_R}|"
        r"邮件|邮箱回复|发邮件|电邮|email"
    ),
    "meeting": (
        rf"{_L}(?:meeting|meetings|meeing|meetng|meting|mtg|met|meet|meets|sat down|lunch|dinner|coffee|zoom|"
        rf"teams call|video call|"
        rf"conference|workshop|kickoff|kick-off|expo|trade show|caught up|catch(?:ing)? up|catch-up){_R}|"
        r"开会|会议|开[了完过]个?会|见面|见了|面谈|视频会|碰了|碰面|会谈|沟通会|交流会|约见"
    ),
    "message": (
        rf"{_L}(?:texted|text|texts|sms|messaged|message|wechat|wechatted|whatsapp|whatsapped|dm|dm'd|dmed|"
        rf"slack(?:ed)?|telegram){_R}|微信|短信|消息|留言|钉钉|企业微信|飞书|qq"
    ),
}

REPORT_WORDS: dict[ReportKind, str] = {
    "funnel": (
        rf"{_L}(?:sales )?funnel{_R}|漏斗|转化漏斗"
    ),
    "ranking": (
        rf"{_L}(?:ranking|rankings|leaderboard|leader board|league table|top (?:rep|reps|performers?|sellers?)|"
        rf"who(?:'s| is) (?:top|leading|number one|#1)|rank|who (?:closed|sold|signed|won) the most){_R}|"
        r"排名|排行|龙虎榜|业绩第一|谁第一|业绩榜|谁.{0,6}最多|谁.{0,4}第一|最多的是谁"
    ),
    "forecast": (
        rf"{_L}(?:forecast|forecasts|forecasting|projection|projections){_R}|预测|预估"
    ),
    "win_rate": (
        rf"{_L}(?:win[- ]?rate|win ratio|close rate|closing rate|conversion rate|hit rate|success rate){_R}|"
        r"赢单率|成交率|赢率|转化率|签约率|胜率"
    ),
    "profit": (
        rf"{_L}(?:profit|profits|profitability|margin|margins|gross margin|p&l){_R}|利润|毛利|盈利|利润率"
    ),
    "clv": (
        rf"{_L}(?:clv|ltv|cltv|lifetime value|life-time value|customer value){_R}|生命周期价值|客户价值|终身价值"
    ),
    "aging": (
        rf"{_L}(?:aging|ageing|aged receivables|aged debt|ar aging|days outstanding|dso){_R}|账龄|帐龄"
    ),
    "cycle": (
        rf"{_L}(?:(?:sales|deal|stage) cycles?(?: times?)?|cycle times?|time in stages?|days in stages?|"
        rf"stage (?:duration|durations|velocity)|how long (?:do )?deals (?:stay|sit|spend)){_R}|"
        r"销售周期|成交周期|签单周期|阶段周期|阶段停留|停留时间|阶段耗时|周期分析"
    ),
}

_STAGES = _compile(STAGE_WORDS)
_CHANNELS = _compile(CHANNEL_WORDS)
_REPORTS = _compile(REPORT_WORDS)


def _find(table: list[tuple[re.Pattern[str], str]], text: str) -> list[VocabMatch]:
    found: list[VocabMatch] = []
    for pattern, value in table:
        found.extend(VocabMatch(value, m.start(), m.end()) for m in pattern.finditer(text))
    found.sort(key=lambda v: (v.start, -(v.end - v.start)))
    out: list[VocabMatch] = []
    for match in found:
        if not out or match.start >= out[-1].end:
            out.append(match)
    return out


def find_stages(text: str) -> list[VocabMatch]:
    return _find(_STAGES, text)


def find_channels(text: str) -> list[VocabMatch]:
    return _find(_CHANNELS, text)


def find_report_kinds(text: str) -> list[VocabMatch]:
    return _find(_REPORTS, text)


def find_stage(text: str) -> VocabMatch | None:
    """The last stage word wins: "moved from proposal to negotiation" → negotiation."""
    stages = find_stages(text)
    return stages[-1] if stages else None


def find_channel(text: str) -> VocabMatch | None:
    channels = find_channels(text)
    return channels[0] if channels else None


def find_report_kind(text: str) -> VocabMatch | None:
    kinds = find_report_kinds(text)
    return kinds[0] if kinds else None
