from bot.middlewares.db import DbSessionMiddleware
from bot.middlewares.logging import UpdateLogMiddleware
from bot.middlewares.user import UserMiddleware

__all__ = ["DbSessionMiddleware", "UpdateLogMiddleware", "UserMiddleware"]
