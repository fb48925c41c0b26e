"""An online, consistent copy of the SQLite database (sqlite3's backup API).

The backup API copies a consistent snapshot page by page while the bot keeps
running (WAL mode: readers and the one writer are not blocked). The copy is
written beside the target and renamed only when complete and checked, so a
half-written file never looks like a backup.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

BACKUP_DIR = Path("backups")


class BackupError(Exception):
    pass


def default_target(source: Path, now: datetime, directory: Path = BACKUP_DIR) -> Path:
    return directory / f"{source.stem}-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"


def backup_sqlite(source: Path, target: Path) -> Path:
    if not source.is_file():
        raise BackupError(f"SQLite database {source} does not exist")
    if target.exists():
        raise BackupError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)  # one step: a single read snapshot, writers carry on (WAL)
            # One self-contained file: the source's WAL mode would need -wal/-shm files beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"the copy failed its integrity check: {verdict}")
        partial.rename(target)
    except sqlite3.Error as exc:
        raise BackupError(f"backup failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target
