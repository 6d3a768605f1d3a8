"""Customer names are public (the 撞单 rule): the one kind of query that reads customers past the scope."""

from __future__ import annotations

from typing import Any

from core.models import AuditLog, Customer

# Execution option that lets a query read customers' names past the read scope (names are known to everyone).
CUSTOMER_NAMES = {"salesbot_customer_names": True}
_NAME_COLUMNS = ("id", "name", "name_key", "aliases")


def names_only(statement: Any) -> bool:
    """Whether a statement reads nothing about customers but their names (and counts of them)."""
    table = Customer.__table__

    def name_column(expr: Any) -> bool:
        column = getattr(expr, "expression", expr)
        return getattr(column, "table", None) is table and getattr(column, "key", None) in _NAME_COLUMNS

    for description in getattr(statement, "column_descriptions", ()):
        expr = description.get("expr")
        if name_column(expr):
            continue
        clauses = list(getattr(getattr(expr, "clauses", None), "clauses", ()))
        if clauses and all(name_column(clause) or _is_column(clause, "updated_at") for clause in clauses):
            continue  # count(id), max(id), max(updated_at): how many there are and whether any changed
        return False
    froms = statement.get_final_froms() if hasattr(statement, "get_final_froms") else [None]
    return all(source is table for source in froms)


def latest_audit_only(statement: Any) -> bool:
    """max(audit id): how far the audit trail has come, nothing about what is in it."""
    descriptions = list(getattr(statement, "column_descriptions", ()))
    if len(descriptions) != 1:
        return False
    clauses = list(getattr(getattr(descriptions[0].get("expr"), "clauses", None), "clauses", ()))
    column = getattr(clauses[0], "expression", clauses[0]) if len(clauses) == 1 else None
    return getattr(column, "table", None) is AuditLog.__table__ and getattr(column, "key", None) == "id"


def _is_column(expr: Any, key: str) -> bool:
    column = getattr(expr, "expression", expr)
    return getattr(column, "table", None) is Customer.__table__ and getattr(column, "key", None) == key


