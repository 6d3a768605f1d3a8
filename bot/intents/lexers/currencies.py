"""Currencies in money expressions: the ISO 4217 codes (upper case, or lower case for the common ones), symbols
($ € £ ¥ ₹ …, HK$ S$ A$ …), English and Chinese names (dollars, rupees, 美元, 港币, 蚊 …), the regex pieces that find
them before or after a number, and `currency_of` that names the ISO code of what was found. Used by amounts.py."""

from __future__ import annotations

import re

# ISO 4217 (active codes). Upper case after or before a number is a currency; a few codes that are also common
# upper-case words or product names (ALL, TOP, PHP, AMD, CVE, SVC …) are left out.
ISO_4217 = frozenset({"AED", "AFN", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR",
    "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR",
    "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU",
    "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"})
_WORDLIKE_CODES = frozenset({"ALL", "TOP", "CUP", "PEN", "MAD", "BOB", "TRY", "SOS", "GEL", "MOP", "AMD", "BAM",
                             "PHP", "CVE", "SVC", "SHP", "STN", "NAD", "ERN", "LAK", "MRU", "AOA", "GIP", "PAB"})
_CODES = sorted(ISO_4217 - _WORDLIKE_CODES)
# Codes common enough to be typed in lower case ("50k sgd", "2m zar").
_LOWER_CODES = ("usd", "eur", "gbp", "cny", "rmb", "hkd", "jpy", "sgd", "aud", "cad", "chf", "inr", "krw", "myr",
                "twd", "nzd", "sek", "nok", "dkk", "thb", "idr", "vnd", "aed", "sar", "zar", "brl", "mxn", "rub",
                "pln", "czk", "huf", "ils", "qar", "kwd", "ntd")

CURRENCY_WORDS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD", "us dollars": "USD",
    "美元": "USD", "美金": "USD", "刀": "USD", "美刀": "USD",
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "块": "CNY", "块钱": "CNY", "人民币": "CNY", "元人民币": "CNY",
    "yuan": "CNY", "renminbi": "CNY", "万元": "CNY", "圆": "CNY",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR",
    "£": "GBP", "gbp": "GBP", "pounds": "GBP", "quid": "GBP", "英镑": "GBP",
    "hk$": "HKD", "hkd": "HKD", "港币": "HKD", "港元": "HKD", "蚊": "HKD", "hong kong dollars": "HKD",
    "s$": "SGD", "sgd": "SGD", "新加坡元": "SGD", "新币": "SGD", "singapore dollars": "SGD",
    "a$": "AUD", "au$": "AUD", "澳元": "AUD", "澳币": "AUD", "australian dollars": "AUD",
    "c$": "CAD", "ca$": "CAD", "加元": "CAD", "加币": "CAD", "canadian dollars": "CAD",
    "nz$": "NZD", "new zealand dollars": "NZD", "nt$": "TWD", "ntd": "TWD", "新台币": "TWD", "台币": "TWD",
    "r$": "BRL", "mx$": "MXN", "₹": "INR", "rs": "INR", "rs.": "INR", "rupees": "INR", "rupee": "INR", "卢比": "INR",
    "₩": "KRW", "won": "KRW", "韩元": "KRW", "韩币": "KRW", "₽": "RUB", "rubles": "RUB", "roubles": "RUB",
    "卢布": "RUB", "₺": "TRY", "lira": "TRY", "₫": "VND", "dong": "VND", "₱": "PHP", "pesos": "MXN", "₪": "ILS",
    "shekels": "ILS", "₦": "NGN", "฿": "THB", "baht": "THB", "泰铢": "THB", "₴": "UAH", "yen": "JPY", "日元": "JPY",
    "日圆": "JPY", "日币": "JPY", "francs": "CHF", "瑞郎": "CHF", "ringgit": "MYR", "rm": "MYR", "马币": "MYR",
    "rand": "ZAR", "dirhams": "AED", "ringgits": "MYR", "malaysian ringgit": "MYR", "malaysian ringgits": "MYR",
    "qatari riyals": "QAR", "saudi riyals": "SAR", "indian rupees": "INR", "swiss francs": "CHF",
    "riyals": "SAR", "zloty": "PLN", "kronor": "SEK", "krona": "SEK",
    "澳门元": "MOP", "澳门币": "MOP",
    "malaysia ringgit": "MYR", "malaysia ringgits": "MYR", "kuwaiti dinar": "KWD", "kuwaiti dinars": "KWD",
    "lebanese pound": "LBP", "lebanese pounds": "LBP", "egyptian pound": "EGP", "egyptian pounds": "EGP",
    "egyptianpound": "EGP", "saudi riyal": "SAR", "saudiriyal": "SAR", "tugrik": "MNT", "tugriks": "MNT",
    "€ur": "EUR",
}

def alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


SYMBOLS = ["us$", "hk$", "s$", "a$", "au$", "c$", "ca$", "nz$", "nt$", "r$", "mx$", "$", "¥", "€", "£", "₹", "₩", "₽",
            "₺", "₫", "₱", "₪", "₦", "฿", "₴"]
CODE_RE = rf"(?-i:{'|'.join(_CODES)}|RMB|NTD)|{'|'.join(_LOWER_CODES)}"
PREFIX_CURRENCY = (rf"(?P<pre>{alternatives(SYMBOLS)}|(?-i:RM|Rs\.?)|人民币|{CODE_RE}|"
               r"(?:malaysian? )?ringgits?(?= ?\d))")
EN_NAMES = ["ringgits", "malaysian ringgit", "malaysian ringgits", "qatari riyals", "saudi riyals", "indian rupees",
             "swiss francs", "dollars", "dollar", "bucks", "euros", "euro", "pounds", "quid", "yuan", "renminbi", "yen",
             "rupees",
             "rupee", "francs", "pesos", "ringgit", "baht", "won", "rand", "dirhams", "riyals", "rubles", "roubles",
             "lira", "shekels", "zloty", "kronor", "krona", "dong", "us dollars", "hong kong dollars",
             "singapore dollars", "australian dollars", "canadian dollars", "new zealand dollars",
             "malaysia ringgit", "malaysia ringgits", "kuwaiti dinar", "kuwaiti dinars", "lebanese pound",
             "lebanese pounds", "egyptian pound", "egyptian pounds", "egyptianpound", "saudi riyal", "saudiriyal",
             "tugrik", "tugriks", "€ur"]
ZH_NAMES = ["元人民币", "块钱", "人民币", "美元", "美金", "美刀", "欧元", "英镑", "港币", "港元", "日元", "日圆",
             "日币", "韩元", "韩币", "澳元", "澳币", "加元", "加币", "新加坡元", "新币", "新台币", "台币", "泰铢",
             "卢布", "瑞郎", "卢比", "马币", "澳门元", "澳门币", "元", "块", "刀", "圆", "蚊"]
SUFFIX_CURRENCY = (rf"(?P<suf>{alternatives(ZH_NAMES)}|{alternatives(['us$', '$', '¥', '€'])}|{CODE_RE}|(?-i:RM|Rs\.?)|"
               rf"{alternatives(EN_NAMES)})")
ZH_PREFIX = ["人民币", "港币", "港元", "美金", "美元", "新台币", "台币", "欧元", "英镑", "日元", "澳元", "加元",
              "新加坡元"]
CN_PREFIX_CURRENCY = rf"(?P<pre>{alternatives(SYMBOLS)}|{alternatives(ZH_PREFIX)}|{CODE_RE})"


def currency_of(token: str | None) -> str | None:
    if not token:
        return None
    key = token.lower().strip()
    if key in CURRENCY_WORDS:
        return CURRENCY_WORDS[key]
    upper = token.strip().upper()
    if upper == "RMB":
        return "CNY"
    if upper == "NTD":
        return "TWD"
    return upper if upper in ISO_4217 else None
