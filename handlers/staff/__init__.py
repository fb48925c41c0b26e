"""Staff: admins manage the hot line's lawyers (with their topics) and the editors; menus follow the roles."""

from aiogram import Router

from handlers.staff import manage, menu
from handlers.staff.manage import StaffAdd


def create_router() -> Router:
    router = Router(name="staff_feature")
    router.include_routers(menu.create_router(), manage.create_router())
    return router


__all__ = ["StaffAdd", "create_router"]
