"""Apply Alembic migrations from code (at start-up, `python -m bot migrate`, tests).

The migrations are one linear chain (`upgrade head`). The first releases had
five branches off `0001_foundation`, applied with `upgrade heads`; a database
made by them holds several of the old revision ids. Before upgrading, such
a database is moved onto the chain (`adopt_legacy_branches`): each old revision
is the same migration under a new id, so the old ids are replaced by the chain's
last equivalent one, after applying any old migration it had not got yet.

At start-up the database is nearly always at the head already: `upgrade_database`
then compares the rows of `alembic_version` with the head of the version files
(read as source, not imported) and returns without loading Alembic, which the
bot would otherwise keep in memory (~10 MB) for nothing. Anything it cannot
tell for sure (no version table, other revisions, a version file it cannot read
as plain literals) goes through Alembic.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

if TYPE_CHECKING:  # Alembic is imported when there is something to migrate
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default name

# The branched layout: old revision id -> (the revision it was branched off, its id in the chain).
LEGACY_REVISIONS: dict[str, tuple[str | None, str]] = {
    "0001_foundation": (None, "0001_foundation"),
    "0003_newsletters": ("0001_foundation", "0002_newsletters"),
    "0004_trainings": ("0001_foundation", "0003_trainings"),
    "0005_indicators": ("0001_foundation", "0004_indicators"),
    "0005_staff": ("0001_foundation", "0005_staff"),
    "0005b_indicator_indexes": ("0005_indicators", "0006_indicator_indexes"),
    "0006_ops": ("0001_foundation", "0007_ops"),
}
# The chain's revision that holds every migration of the branched layout.
LAST_LEGACY_REVISION = "0007_ops"


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def is_legacy(versions: Collection[str], chain: Collection[str]) -> bool:
    """Several rows, or an id the chain does not have: the branched layout.

    `0001_foundation` and `0005_staff` kept their ids; a single `0005_staff` row is
    the chain's (the old layout never had staff without the branches made before it).
    """
    return len(versions) > 1 or any(v not in chain for v in versions)


def legacy_applied(versions: Collection[str]) -> set[str]:
    """The chain ids of every old migration applied to a database holding these old ids."""
    applied: set[str] = set()
    for version in versions:
        current: str | None = version
        while current is not None:
            if current not in LEGACY_REVISIONS:
                raise RuntimeError(f"unknown revision {current!r} in alembic_version")
            parent, new = LEGACY_REVISIONS[current]
            applied.add(new)
            current = parent
    return applied


def _chain_until(script: ScriptDirectory, last: str) -> list[str]:
    """Revision ids from the base up to `last`, in order."""
    return [rev.revision for rev in reversed(list(script.iterate_revisions(last, "base")))]


def run_migration(connection: Connection, script: ScriptDirectory, revision: str, *, downgrade: bool = False) -> None:
    """Runs one migration's upgrade (or downgrade) outside Alembic's version bookkeeping."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    module = script.get_revision(revision).module
    context = MigrationContext.configure(connection)
    with Operations.context(context):
        (module.downgrade if downgrade else module.upgrade)()


def adopt_legacy_branches(connection: Connection, cfg: Config) -> None:
    if not inspect(connection).has_table("alembic_version"):
        return
    from alembic.script import ScriptDirectory

    versions = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    script = ScriptDirectory.from_config(cfg)
    if not versions or not is_legacy(versions, {rev.revision for rev in script.walk_revisions()}):
        return
    applied = legacy_applied(versions)
    missing = [rev for rev in _chain_until(script, LAST_LEGACY_REVISION) if rev not in applied]
    # Branches were independent of each other, so what is missing can run now, in chain order.
    for revision in missing:
        run_migration(connection, script, revision)
    connection.execute(text("DELETE FROM alembic_version"))
    connection.execute(
        text("INSERT INTO alembic_version (version_num) VALUES (:version)"), {"version": LAST_LEGACY_REVISION}
    )
    log.info("migrations: branched layout %s moved onto the chain at %s", sorted(versions), LAST_LEGACY_REVISION)
    if missing:
        log.info("migrations: applied %s, which that database had not got", missing)


def _literals(path: Path) -> dict[str, object] | None:
    """The module-level `revision`, `down_revision` and `depends_on` of a version file; None if not literals."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision", "depends_on"):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                return None
    return found


def script_heads(versions: Path = VERSIONS_DIR) -> frozenset[str] | None:
    """Revisions that no other revision names as its parent, from the files' source; None if unsure."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        if path.name.startswith("__init__"):
            continue
        found = _literals(path)
        if found is None or not isinstance(found.get("revision"), str) or found.get("depends_on") is not None:
            return None  # Alembic knows better
        revisions.add(str(found["revision"]))
        down = found.get("down_revision")
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    return frozenset(revisions - parents) or None


async def database_revisions(conn: AsyncConnection) -> frozenset[str] | None:
    """The revisions the database is at; None before the first migration."""
    if not await conn.run_sync(lambda sync: inspect(sync).has_table(VERSION_TABLE)):
        return None
    return frozenset(await conn.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}")))


async def at_head(engine: AsyncEngine) -> bool:
    """True when the database is at the version files' head (a legacy branched layout never is)."""
    heads = script_heads()
    if heads is None:
        return False
    async with engine.connect() as conn:
        return await database_revisions(conn) == heads


def _upgrade(connection: Connection) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    adopt_legacy_branches(connection, cfg)
    command.upgrade(cfg, "head")


async def run_migrations(engine: AsyncEngine, migrate: Callable[[Connection], None]) -> None:
    """Runs `migrate` on one connection and commits; on SQLite with foreign keys off meanwhile.

    A batch migration rebuilds a SQLite table (copy, drop, rename), and dropping it
    with foreign keys on would delete the rows that refer to it (ON DELETE CASCADE).
    They are switched off outside any transaction (inside one the pragma does
    nothing) and checked before the commit instead.
    """
    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            await conn.run_sync(migrate)
            if sqlite:
                broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"migrations left broken foreign keys: {broken[:10]}")
            await conn.commit()
        finally:
            if sqlite:
                await conn.rollback()
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")


async def upgrade_database(engine: AsyncEngine) -> None:
    if await at_head(engine):
        return
    await run_migrations(engine, _upgrade)
