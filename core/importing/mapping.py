"""Which column holds which field: English and Chinese headers, per kind, plus `--map column=field` overrides.

The export writes its headers from the same catalogue entries (`import.column.<field>`) this module accepts, so
a file exported in either language imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.i18n import LANGS, t
from core.importing.errors import ImportFileError
from core.names import loose_key

# The fields each kind reads, in the order reports and exports list them; the first `REQUIRED` must be there.
FIELDS: dict[str, tuple[str, ...]] = {
    "customers": ("customer", "industry", "city", "owner", "contact", "title", "phone", "email"),
    "contacts": ("customer", "contact", "title", "phone", "email"),
    "deals": ("customer", "deal", "amount", "currency", "stage", "close_date", "owner"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "customers": ("customer",),
    "contacts": ("customer", "contact"),
    "deals": ("customer", "deal"),
}

# Headers seen in real spreadsheets (CRM exports, hand-made sheets), besides the catalogue's own labels.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "customer name", "company", "company name", "account", "account name", "client",
                 "客户", "客户名称", "客户名", "公司", "公司名称", "单位", "单位名称", "企业", "企业名称"),
    "contact": ("contact", "contact name", "contact person", "person", "联系人", "联系人姓名", "姓名"),
    "title": ("job title", "position", "role", "职位", "职务", "岗位", "头衔"),
    "phone": ("phone", "mobile", "tel", "telephone", "cell", "phone number", "mobile phone", "电话", "手机",
              "手机号", "手机号码", "联系电话", "电话号码", "座机"),
    "email": ("email", "e-mail", "mail", "email address", "邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址"),
    "industry": ("industry", "sector", "vertical", "行业", "所属行业", "行业类别"),
    "city": ("city", "location", "城市", "所在城市", "地区", "所在地"),
    "owner": ("owner", "account owner", "deal owner", "sales rep", "rep", "salesperson", "负责人", "销售",
              "客户经理", "跟进人", "所有人", "归属销售", "销售负责人"),
    "deal": ("deal", "deal name", "deal title", "opportunity", "opportunity name", "商机", "商机名称", "项目",
             "项目名称", "标题"),
    "amount": ("amount", "value", "deal value", "deal amount", "金额", "商机金额", "预计金额", "合同金额", "金额(元)",
               "金额元"),
    "currency": ("currency", "币种", "货币"),
    "stage": ("stage", "deal stage", "sales stage", "阶段", "销售阶段", "商机阶段"),
    "close_date": ("close date", "expected close", "expected close date", "closing date", "预计成交日期",
                   "成交日期", "预计签约日期", "预计成交时间"),
}
# A bare "name" or "title" means the kind's own thing: the company, the person, or the deal.
_BARE: dict[str, dict[str, str]] = {
    "customers": {"name": "customer", "名称": "customer", "title": "title"},
    "contacts": {"name": "contact", "名称": "contact", "名字": "contact", "title": "title"},
    "deals": {"name": "deal", "名称": "deal", "title": "deal"},
}


@dataclass(frozen=True)
class ColumnMap:
    """Field → the column index it is read from, the header text it had, and the columns left unread."""

    columns: dict[str, int]
    headers: dict[str, str]
    ignored: tuple[str, ...]


def header_label(lang: str, field: str) -> str:
    return t(lang, f"import.column.{field}")


def _known(kind: str) -> dict[str, str]:
    """Loose header key → field, for this kind."""
    known: dict[str, str] = {}
    for field in FIELDS[kind]:
        for word in (*_SYNONYMS[field], *(header_label(lang, field) for lang in LANGS)):
            known.setdefault(loose_key(word), field)
    for word, field in _BARE[kind].items():
        known[loose_key(word)] = field
    return known


def parse_overrides(pairs: tuple[str, ...] | list[str], kind: str) -> dict[str, str]:
    """`--map "客户全称=customer"` pairs as header key → field; an unknown field refuses the whole file."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        field = field.strip()
        if not sep or not column.strip() or field not in FIELDS[kind]:
            raise ImportFileError("import.file.bad_map", pair=pair, fields=", ".join(FIELDS[kind]))
        out[loose_key(column)] = field
    return out


def map_headers(kind: str, headers: tuple[str, ...], overrides: Mapping[str, str] | None = None) -> ColumnMap:
    known = _known(kind)
    chosen = dict(overrides or {})
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = loose_key(header)
        field = chosen.get(key) or known.get(key)
        if field is None or field in columns:
            if header:
                ignored.append(header)
            continue
        columns[field] = index
        names[field] = header
    missing = [field for field in REQUIRED[kind] if field not in columns]
    if missing:
        raise ImportFileError("import.file.missing_columns", missing=tuple(missing),
                              found=", ".join(h for h in headers if h) or "-")
    return ColumnMap(columns, names, tuple(ignored))
