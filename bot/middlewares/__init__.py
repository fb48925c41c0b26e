from bot.middlewares.db import DbSessionMiddleware
from bot.middlewares.user import UserMiddleware

__all__ = ["DbSessionMiddleware", "UserMiddleware"]
