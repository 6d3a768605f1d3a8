"""The permission table applied by the data-access layer itself, so that forgetting a check is impossible.

An actor's session gets two guards when its unit of work opens:
- every ORM query (select, and bulk update/delete) carries WHERE criteria for each owned table: a row the
  actor may not read is simply not there — in joins, counts, subqueries and `session.get` alike;
- every flush checks each new, changed or deleted owned row against what the actor may change (for an owner
  that changes, both the old and the new owner), and refuses the whole flush otherwise.

Services still answer early and clearly ("you may not change this deal"); these guards make sure that a
service, handler or job that forgets to ask cannot read or write past the table anyway.
"""

from __future__ import annotations

from core.scoping.clauses import customer_clause, owner_clause
from core.scoping.guard import guard, guarded
from core.scoping.names import CUSTOMER_NAMES

__all__ = ["CUSTOMER_NAMES", "customer_clause", "guard", "guarded", "owner_clause"]
