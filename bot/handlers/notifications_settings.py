"""`/settings` — a user's own notification settings, from any chat.

    /settings                      show them
    /settings tz Europe/London     timezone (IANA names; anything else is refused)
    /settings lang en|zh           language
    /settings quiet 22:00-07:30    quiet hours (only urgent items then); `off` / `on`
    /settings report 18:30         daily-report reminder time
    /settings digest 08:30         manager digest time
    /settings morning 09:00        when day reminders and suggestions arrive
    /settings mute deal_stale      stop a kind (`unmute` to restore; `kinds` lists them)
    /settings batch on|off         several pushes due together as one message
    /settings channel telegram|slack|auto
    /settings headsup 15           minutes of warning before timed tasks (0 = off)
    /settings suggestions 3        suggestions a day (0 = none)

Chinese words work too (时区, 语言, 免打扰, 日报, 简报, 早上, 静音, 取消静音, 合并, 渠道, 提前, 建议).
Settings are the user's own and change at once (audited; "undo" reverts the last change).
"""

from __future__ import annotations

from bot.handlers.base import Answer, HandlerContext
from bot.intents.schema import Command
from core.errors import InvalidInput
from core.services import preferences
from core.services.preferences import KINDS, PrefChanges, Prefs, clock_text, parse_clock, parse_range

ALIASES = {
    "tz": "tz", "timezone": "tz", "zone": "tz", "时区": "tz",
    "lang": "lang", "language": "lang", "语言": "lang",
    "quiet": "quiet", "免打扰": "quiet", "勿扰": "quiet",
    "report": "report", "日报": "report",
    "digest": "digest", "简报": "digest", "汇总": "digest",
    "morning": "morning", "早上": "morning", "早晨": "morning",
    "mute": "mute", "静音": "mute", "关闭": "mute",
    "unmute": "unmute", "取消静音": "unmute", "开启": "unmute",
    "batch": "batch", "batching": "batch", "合并": "batch",
    "channel": "channel", "渠道": "channel",
    "headsup": "headsup", "heads-up": "headsup", "heads_up": "headsup", "提前": "headsup",
    "suggestions": "suggestions", "suggest": "suggestions", "建议": "suggestions",
    "kinds": "kinds", "类型": "kinds",
    "show": "show", "查看": "show",
}
ON_WORDS = frozenset({"on", "yes", "true", "1", "开", "开启", "打开", "是"})
OFF_WORDS = frozenset({"off", "no", "false", "0", "关", "关闭", "否", "不"})
LANGUAGE_WORDS = {"en": "en", "english": "en", "英文": "en", "英语": "en", "zh": "zh", "chinese": "zh", "中文": "zh",
                  "汉语": "zh"}


def _switch(value: str) -> bool:
    word = value.strip().casefold()
    if word in ON_WORDS:
        return True
    if word in OFF_WORDS:
        return False
    raise InvalidInput("settings.bad_switch", value=value)


def _number(value: str, low: int, high: int) -> int:
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise InvalidInput("settings.bad_number", value=value, low=low, high=high)
    return int(value)


def parse(arguments: str) -> tuple[str, PrefChanges]:
    """The subcommand and the change it asks for ("show"/"kinds" change nothing)."""
    name, _, value = arguments.strip().partition(" ")
    sub = ALIASES.get(name.casefold(), "") if name else "show"
    value = value.strip()
    changes = PrefChanges()
    if sub in ("show", "kinds"):
        return sub, changes
    if not sub or not value:
        raise InvalidInput("settings.usage")
    if sub == "tz":
        changes.timezone = value
    elif sub == "lang":
        changes.language = LANGUAGE_WORDS.get(value.casefold(), value)
    elif sub == "quiet":
        word = value.casefold()
        if word in ON_WORDS or word in OFF_WORDS:
            changes.quiet_enabled = _switch(word)
        else:
            changes.quiet = parse_range(value)
    elif sub in ("report", "digest", "morning"):
        setattr(changes, f"{sub}_time", parse_clock(value))
    elif sub in ("mute", "unmute"):
        setattr(changes, sub, value.replace(",", " ").split())
    elif sub == "batch":
        changes.batching = _switch(value)
    elif sub == "channel":
        changes.channel = value.casefold()
    elif sub == "headsup":
        changes.heads_up_minutes = _number(value, 0, preferences.MAX_HEADS_UP)
    elif sub == "suggestions":
        changes.max_suggestions = _number(value, 0, preferences.MAX_SUGGESTIONS)
    return sub, changes


class SettingsCommand:
    def handle(self, arguments: str, h: HandlerContext) -> Answer | Command:
        sub, changes = parse(arguments)
        ctx = h.ctx
        if sub == "kinds":
            return Answer(kinds_text(h, preferences.load(ctx, ctx.actor.user_id)), private=False)
        if sub != "show":
            preferences.apply(ctx, ctx.actor.user_id, changes)
            if changes.language is not None:
                h.lang = changes.language  # answer in the language just chosen
        return Answer(settings_text(h, saved=sub != "show"), private=False)


def settings_text(h: HandlerContext, *, saved: bool = False) -> str:
    own = preferences.own_settings(h.ctx)
    prefs, zone, linked = own.prefs, own.timezone, own.linked
    zone_note = " " + h.t("settings.zone_default") if own.zone_is_default else ""
    channel = prefs.channel or h.t("settings.channel_auto")
    quiet = (h.t("settings.quiet_range", start=clock_text(prefs.quiet_start), end=clock_text(prefs.quiet_end))
             if prefs.quiet_enabled else h.t("settings.off"))
    lines = [h.t("settings.saved") if saved else h.t("settings.title"),
             h.t("settings.line_zone", zone=zone) + zone_note,
             h.t("settings.line_language", language=h.t(f"settings.language_{own.language}")),
             h.t("settings.line_quiet", quiet=quiet),
             h.t("settings.line_times", report=clock_text(prefs.report_time), digest=clock_text(prefs.digest_time),
                 morning=clock_text(prefs.morning_time)),
             h.t("settings.line_delivery", batching=h.t("settings.on" if prefs.batching else "settings.off"),
                 channel=channel, linked=", ".join(linked) or h.t("settings.none")),
             h.t("settings.line_headsup", minutes=prefs.heads_up_minutes) if prefs.heads_up_minutes
             else h.t("settings.line_headsup_off"),
             h.t("settings.line_suggestions", count=prefs.max_suggestions),
             h.t("settings.line_muted", kinds=", ".join(sorted(prefs.muted)) or h.t("settings.none")),
             "", h.t("settings.help")]
    return "\n".join(lines)


def kinds_text(h: HandlerContext, prefs: Prefs) -> str:
    rows = [h.t("settings.kinds_title")]
    for kind in KINDS:
        state = h.t("settings.off") if kind in prefs.muted else h.t("settings.on")
        rows.append(f"  {kind} — {h.t(f'notify.kind.{kind}')} · {state}")
    return "\n".join(rows)
