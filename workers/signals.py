"""Kept for imports in workers: the signals live in the neutral core."""

from core.signals import JOBS_DIRTY, NEWSLETTERS_DIRTY, OUTBOX_DIRTY, WorkerSignals

__all__ = ["JOBS_DIRTY", "NEWSLETTERS_DIRTY", "OUTBOX_DIRTY", "WorkerSignals"]
