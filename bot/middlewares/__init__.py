from bot.middlewares.logging import UpdateLogMiddleware
from bot.middlewares.unit_of_work import UnitOfWorkMiddleware
from bot.middlewares.user import UserMiddleware

__all__ = ["UnitOfWorkMiddleware", "UpdateLogMiddleware", "UserMiddleware"]
