"""Time zones named in the text ("4pm CET", "Thursday 8:00 GMT", "9 am (BST)", "3pm UTC+8", 北京时间下午3点,
美东时间上午10点): the clock is read in that zone and converted to the user's zone.

"CST" is China Standard Time (UTC+8) for a user whose own zone is in China, Hong Kong, Macau or Taiwan, and US
Central time otherwise; "IST" is India. PT/ET/CT/MT and the Chinese city words follow daylight saving.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_FIXED: dict[str, float] = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3, "ist": 5.5,
    "ict": 7, "wib": 7, "hkt": 8, "sgt": 8, "myt": 8, "pht": 8, "awst": 8, "jst": 9, "kst": 9, "aest": 10,
    "aedt": 11, "nzst": 12, "nzdt": 13, "pst": -8, "pdt": -7, "mst": -7, "mdt": -6, "cdt": -5, "est": -5,
    "edt": -4, "akst": -9, "hst": -10,
}
_NAMED: dict[str, str] = {
    "pt": "America/Los_Angeles", "mt": "America/Denver", "ct": "America/Chicago", "et": "America/New_York",
    "北京时间": "Asia/Shanghai", "香港时间": "Asia/Hong_Kong", "台北时间": "Asia/Taipei",
    "新加坡时间": "Asia/Singapore", "东京时间": "Asia/Tokyo", "日本时间": "Asia/Tokyo", "首尔时间": "Asia/Seoul",
    "伦敦时间": "Europe/London", "英国时间": "Europe/London", "巴黎时间": "Europe/Paris", "柏林时间": "Europe/Berlin",
    "纽约时间": "America/New_York",
    "美东时间": "America/New_York", "美西时间": "America/Los_Angeles", "洛杉矶时间": "America/Los_Angeles",
    "悉尼时间": "Australia/Sydney",
}
_CHINA_ZONES = frozenset({"Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Chongqing",
                          "Asia/Harbin", "Asia/Urumqi", "PRC", "ROC", "Hongkong"})
ABBR = "|".join(sorted([*(k for k in _FIXED if k != "z"), "cst"], key=len, reverse=True)) + "|(?-i:PT|MT|CT|ET|Z)"
# After a clock: "4pm CET", "8:00 gmt", "9 am (BST)", "3pm UTC+8", "10:00 GMT-5".
AFTER = re.compile(rf"\s?\(?(?P<z>{ABBR})(?:\s?(?P<off>[+-]\d{{1,2}}(?::?\d{{2}})?)(?![\d:]))?\)?(?![A-Za-z0-9])",
                   re.IGNORECASE)
# Inside a joined expression: "3pm ET tomorrow", "Friday 9am GMT".
WITHIN = re.compile(rf"(?<=[\dmM.])\s?\(?(?P<z>{ABBR})(?:\s?(?P<off>[+-]\d{{1,2}}(?::?\d{{2}})?)(?![\d:]))?\)?"
                    r"(?![A-Za-z0-9])", re.IGNORECASE)
# Before a clock (Chinese): 北京时间下午3点, 美东时间 10:00.
BEFORE = re.compile(rf"(?P<z>{'|'.join(k for k in _NAMED if not k.isascii())})\s?$")


def zone_named(abbr: str, offset: str | None, user_tz: str) -> tzinfo | None:
    key = abbr.lower()
    if offset:
        sign = -1 if offset.strip().startswith("-") else 1
        digits = re.sub(r"[^\d]", "", offset)
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if key not in ("utc", "gmt") or hours > 14 or minutes > 59:
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if key == "cst":
        return timezone(timedelta(hours=8)) if user_tz in _CHINA_ZONES else timezone(timedelta(hours=-6))
    if key in _FIXED:
        return timezone(timedelta(hours=_FIXED[key]))
    if key in _NAMED:
        return ZoneInfo(_NAMED[key])
    return None


def convert(value: datetime, zone: tzinfo, user_zone: tzinfo) -> datetime:
    """The same wall clock read in `zone`, as a time in the user's zone."""
    return value.replace(tzinfo=None).replace(tzinfo=zone).astimezone(user_zone)
