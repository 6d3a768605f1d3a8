"""Everything the lexers find in one message, computed once and shared by the classifier and slot fillers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from bot.intents.base import ParseContext
from bot.intents.lexers.amounts import AmountMatch, iter_amounts
from bot.intents.lexers.dates import DateMatch, find_dates
from bot.intents.lexers.normalize import has_cjk, normalize
from bot.intents.lexers.quantities import (
    QuantityMatch,
    TextMatch,
    find_emails,
    find_hours,
    find_percents,
    find_phones,
)
from bot.intents.lexers.vocab import VocabMatch, find_channels, find_report_kinds, find_stages
from bot.intents.rules.mentions import Mention, spotter_for

Span = tuple[int, int]


@dataclass
class Features:
    raw: str
    text: str  # normalised
    lower: str
    context: ParseContext
    dates: list[DateMatch] = field(default_factory=list)
    amounts: list[AmountMatch] = field(default_factory=list)
    percents: list[QuantityMatch] = field(default_factory=list)
    hours: QuantityMatch | None = None
    emails: list[TextMatch] = field(default_factory=list)
    phones: list[TextMatch] = field(default_factory=list)
    stages: list[VocabMatch] = field(default_factory=list)
    channels: list[VocabMatch] = field(default_factory=list)
    reports: list[VocabMatch] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @cached_property
    def cjk(self) -> bool:
        return has_cjk(self.text)

    @property
    def customer(self) -> Mention | None:
        """The customer the message is about: the strongest mention, the first on a tie."""
        if not self.mentions:
            return None
        return max(self.mentions, key=lambda m: (m.score >= 90, m.exact, -m.start))

    def past_dates(self) -> list[DateMatch]:
        """The same expressions read looking back ("Friday" = the most recent one)."""
        return find_dates(self.text, self.context.now, self.context.timezone, past=True)


def extract(raw: str, context: ParseContext) -> Features:
    text = normalize(raw)
    features = Features(raw=raw, text=text, lower=text.casefold(), context=context)
    if not text:
        return features
    features.emails = find_emails(text)
    features.phones = find_phones(text)
    contact_spans = [(m.start, m.end) for m in features.emails + features.phones]
    features.dates = [d for d in find_dates(text, context.now, context.timezone)
                      if not _inside(d.start, d.end, contact_spans)]
    date_spans = [(d.start, d.end) for d in features.dates]
    features.amounts = [a for a in iter_amounts(text) if not _inside(a.start, a.end, contact_spans + date_spans)]
    features.percents = find_percents(text)
    features.hours = find_hours(text)
    features.stages = find_stages(text)
    features.channels = find_channels(text)
    features.reports = find_report_kinds(text)
    if context.customer_names:
        spotter = spotter_for(tuple(context.customer_names))
        features.mentions = spotter.spot(text, blocked=date_spans + contact_spans)
        names = [(m.start, m.end) for m in features.mentions if m.exact]
        features.amounts = [a for a in features.amounts if not _inside(a.start, a.end, names)]  # 万科 is no 10,000
    return features


def _inside(start: int, end: int, spans: list[Span]) -> bool:
    return any(start < e and s < end for s, e in spans)
