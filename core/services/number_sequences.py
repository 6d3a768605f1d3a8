"""Numbers drawn from a named series ("invoice:2027" → 1, 2, 3 …) with no gaps and no duplicates.

The counter row is created if missing (a concurrent creator is ignored: INSERT … ON CONFLICT DO NOTHING) and then
advanced by one UPDATE … RETURNING, which holds the row lock until the drawing transaction ends. A second writer
waits for the first to commit (and then gets the next number) or roll back (and then gets the same one): numbers
are taken only by transactions that commit, so the series has no gaps.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from core.context import Unit
from core.models import NumberSequence


def next_value(unit: Unit, key: str) -> int:
    session = unit.session
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(NumberSequence).values(key=key, next_value=1).on_conflict_do_nothing(
        index_elements=[NumberSequence.key]))
    taken = session.execute(update(NumberSequence).where(NumberSequence.key == key)
                            .values(next_value=NumberSequence.next_value + 1)
                            .returning(NumberSequence.next_value)
                            .execution_options(synchronize_session=False)).scalar_one()
    return int(taken) - 1
