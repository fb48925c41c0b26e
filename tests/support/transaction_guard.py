"""The suite-wide guard: no Bot API request while the caller holds an open database transaction.

Every SQLAlchemy session that gets a connection is noted with the asyncio task
that opened it (`after_begin`) until its transaction ends. The recording bot
session asks `check()` on every request: a session still open in the same task
is a violation (a handler or worker talking to Telegram inside a transaction).
Other tasks' transactions are theirs (concurrent updates, workers). Sessions the
test itself holds (the `session` fixture) are marked `TEST_OWNED` and skipped.
"""

from __future__ import annotations

import asyncio
import traceback
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

TEST_OWNED = "test_owned"


class TransactionGuard:
    def __init__(self) -> None:
        self.open: dict[int, tuple[Session, asyncio.Task[Any] | None]] = {}
        self.violations: list[str] = []

    def install(self) -> None:
        event.listen(Session, "after_begin", self._began)
        event.listen(Session, "after_transaction_end", self._ended)

    def _began(self, session: Session, transaction: SessionTransaction, connection: Any) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        self.open[id(session)] = (session, task)

    def _ended(self, session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            self.open.pop(id(session), None)

    def check(self, method_name: str) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:
            return
        for session, owner in list(self.open.values()):
            if owner is task and not session.info.get(TEST_OWNED) and session.in_transaction():
                where = "".join(traceback.format_stack(limit=12)[:-2])
                self.violations.append(f"{method_name} sent inside an open transaction:\n{where}")
                raise AssertionError(f"Bot API call {method_name} made inside an open database transaction")

    def reset(self) -> list[str]:
        found, self.violations = self.violations, []
        return found


GUARD = TransactionGuard()
GUARD.install()
