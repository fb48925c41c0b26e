"""Scheduled jobs of the personal-data feature: the retention run."""

from __future__ import annotations

from services.jobs import ServiceJob
from services.privacy.retention import JOB_RETENTION, run

JOBS: dict[str, ServiceJob] = {JOB_RETENTION: run}
