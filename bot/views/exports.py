"""The words of the consultation export's files (sheet and column names, statuses, events, reasons)."""

from __future__ import annotations

from bot.texts import exports as t
from bot.texts import hotline as th
from services.exports import ExportWording

WORDING = ExportWording(
    sheet_consultations=t.SHEET_CONSULTATIONS,
    sheet_events=t.SHEET_EVENTS,
    consultation_headers=t.CONSULTATION_HEADERS,
    event_headers=t.EVENT_HEADERS,
    status=th.STATUS,
    event=th.EVENT,
    reasons=t.REASONS,
    closed_after_days=t.CLOSED_AFTER_DAYS,
    yes=t.YES,
    no=t.NO,
    system=t.SYSTEM,
    nobody=t.NOBODY,
    file_stem=t.FILE_STEM,
    csv_names=t.CSV_NAMES,
)
