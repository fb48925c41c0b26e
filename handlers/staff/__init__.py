"""Staff: admins manage the hot line's lawyers (with their topics) and the editors."""

from handlers.staff.manage import StaffAdd, create_router

__all__ = ["StaffAdd", "create_router"]
