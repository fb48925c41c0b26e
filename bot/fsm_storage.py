"""aiogram FSM storage in the bot's own database (used when REDIS_URL is not set).

Inside an update it reads and writes through the update's session, so the
state is committed together with what the handler did, and a SQLite writer
never waits for another connection of its own process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import current_session
from storage.models import FsmRecord, utcnow

_HELD = "fsm_records"


def _hold(session: AsyncSession, record: FsmRecord) -> None:
    """The identity map holds rows weakly: a reference for the session's life keeps the row there."""
    session.info.setdefault(_HELD, {})[record.key] = record


class SqlStorage(BaseStorage):
    def __init__(self, session_pool: async_sessionmaker[AsyncSession], key_builder: KeyBuilder | None = None) -> None:
        self.session_pool = session_pool
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[tuple[AsyncSession, bool]]:
        shared = current_session.get()
        if shared is not None:
            yield shared, False
            return
        async with self.session_pool() as session:
            yield session, True

    async def _record(self, session: AsyncSession, key: str) -> FsmRecord | None:
        # aiogram asks for the state and the data several times per update: the update's session keeps the row
        # it read (its identity map), so only the first ask reads the database. Nobody else writes this person's
        # row meanwhile: their updates are handled one at a time, and nothing outside an update writes FSM rows.
        record = await session.get(FsmRecord, key)
        if record is not None:
            _hold(session, record)
        return record

    async def _write(self, key: StorageKey, **values: Any) -> None:
        skey = self.key_builder.build(key)
        async with self._session() as (session, own):
            record = await self._record(session, skey)
            if record is None:
                record = FsmRecord(key=skey, state=None, data={})
                session.add(record)
                _hold(session, record)
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_at = utcnow()
            if record.state is None and not record.data:
                if record in session.new:
                    session.expunge(record)
                else:
                    await session.delete(record)
            await session.flush()
            if own:
                await session.commit()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as (session, _):
            record = await self._record(session, self.key_builder.build(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as (session, _):
            record = await self._record(session, self.key_builder.build(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        return None
