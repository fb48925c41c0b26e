"""A fake Telegram Bot API server over real HTTP, for end-to-end tests and `bench/` scripts.

It speaks the wire format aiogram's `AiohttpSession` uses: POST
`{base}/bot{token}/{method}` with form-data (urlencoded, or multipart with
uploads; nested values as JSON strings) or a JSON body, answered with
`{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description"[, "parameters"]}`.
Files are downloaded from `GET {base}/file/bot{token}/{file_path}`. Point the
bot at it with `TELEGRAM_API_BASE=fake.base_url`.

Implemented methods: getMe, getUpdates (long polling with offset/limit/timeout;
updates stay until confirmed by offset; a second concurrent getUpdates
terminates the first with 409 like Telegram), setWebhook, deleteWebhook,
getWebhookInfo, sendMessage, copyMessage, sendDocument, sendPhoto (file_id or
upload), editMessageText, editMessageReplyMarkup, editMessageCaption,
deleteMessage, answerCallbackQuery, setMyCommands, deleteMyCommands,
getMyCommands, sendChatAction, getFile. Any other method: 404 "Not Found".
A token other than `fake.token` gets 401 "Unauthorized".

Texts are stored as sent (HTML tags included), so tests compare them with the
constants in `bot/texts/`; the bot gets them back as Telegram gives them (plain
text and entities, `tests/support/telegram_html.py`), and HTML that Telegram
would refuse is refused (400 "can't parse entities").

Users are simulated by injecting updates: `send_text`, `send_document`,
`send_photo`, `send_contact`, `send_sticker`, `click` (a callback query built
from an inline button of a message the bot sent), or `inject_update` for
anything else. `user(chat_id)` gives a per-chat helper (`UserChat`) with a
cursor: `await official.send("/start"); msg = await official.expect(t.CONSENT_QUESTION)`.

Every request is recorded (`requests`: method, params, chat_id, monotonic
timestamp, HTTP status). Sent messages are in `messages` / `messages_to(chat_id)`.

Fault knobs (all reset by `clear_faults()`):
- `block(chat_id)` / `unblock(chat_id)`: 403 "bot was blocked by the user" for calls to that chat;
- `fail(status=500, method=None, chat_id=None, times=1)`: the next `times` matching calls
  get that 5xx (`times=None`: until cleared);
- `retry_after(seconds, method=None, chat_id=None, times=1)`: 429 with `parameters.retry_after`;
- `await go_down("refused" | "502" | "502-html")` and `await come_back()`: the whole API is
  unreachable (listener closed, same port on return), or answers every call with 502
  (JSON body, or an nginx-like HTML page as Telegram's front end does);
- `go_down_after_delivering(update_id, "502")`: the outage begins the moment getUpdates hands
  that update to the bot, so every call the bot makes while handling it fails (a user's action
  that reached the bot just before Telegram went down); `come_back()` ends it;
- `enforce_rate_limits(global_per_second=30, per_chat_per_second=1.0)`: sending methods past
  the limits get 429 with retry_after; `rate_limited` counts them;
- `rtt = 0.1` (or `FakeBotAPI(rtt=0.1)`): every call takes this network round trip, half
  on the way in (limits are checked when the request "arrives") and half on the way back;
  real Telegram answers in 50 to 300 ms;
- `strict_private_chats = True`: like Telegram, sending to a user who never wrote to the bot
  (no injected update from them) gets 403 "bot can't initiate conversation with a user".

Run it on its own (`python -m tests.support.fake_bot_api`) to poke at it by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.telegram_html import ParseError, parse_html

DEFAULT_TOKEN = "123456789:AAE2e-fake-token-for-the-end-to-end-tests"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "АМУ", "username": "amu_e2e_bot"}

# Methods that send a message: they count against the rate limits.
SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "copyMessage",
        "forwardMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
    }
)
# Parameters that are JSON strings in form-data.
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "media",
        "reply_parameters",
    }
)
HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)


class ApiError(Exception):
    """Answered as a Bot API error response."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class RecordedRequest:
    method: str
    params: dict[str, Any]
    chat_id: int | str | None
    at: float  # time.monotonic()
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class StoredMessage:
    """A message in a chat: sent by the bot (`from_bot`) or injected as a user's."""

    chat_id: int
    message_id: int
    seq: int  # global order of creation
    from_bot: bool
    method: str  # sendMessage, copyMessage, ..., or "user"
    date: int
    text: str | None = None
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None  # inline keyboard only, as Telegram returns it
    reply_keyboard: dict[str, Any] | None = None  # a reply keyboard sent with the message
    params: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    contact: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other Message fields of user messages
    from_user: dict[str, Any] | None = None
    deleted: bool = False
    edits: list[str] = field(default_factory=list)  # the methods that changed it, in order
    html: bool = False  # sent (or last edited) with parse_mode HTML: the bot reads it back as text + entities

    @property
    def body(self) -> str:
        """Text or caption ('' when neither)."""
        return self.text or self.caption or ""

    def buttons(self) -> list[dict[str, Any]]:
        """Every button of the inline keyboard (else the reply keyboard), row by row."""
        markup = self.reply_markup or self.reply_keyboard or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]

    def button_texts(self) -> list[str]:
        return [b["text"] if isinstance(b, dict) else str(b) for b in self.buttons()]

    def button(self, contains: str) -> dict[str, Any]:
        """The first inline button whose text contains `contains`."""
        for b in self.buttons():
            if isinstance(b, dict) and contains in b.get("text", "") and "callback_data" in b:
                return b
        raise AssertionError(f"no inline button with {contains!r} in {self.button_texts()} of {self.body[:200]!r}")

    def has_button(self, contains: str) -> bool:
        return any(isinstance(b, dict) and contains in b.get("text", "") for b in self.buttons())

    def to_api(self) -> dict[str, Any]:
        """As a Bot API Message object."""
        out: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": {"id": self.chat_id, "type": "private"},
            "from": BOT_USER if self.from_bot else self.from_user,
        }
        for key in ("text", "caption", "reply_markup", "document", "photo", "contact"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.html:  # as Telegram returns it: the tags made entities (tests read `.text`: the HTML as sent)
            for key, entities_key in (("text", "entities"), ("caption", "caption_entities")):
                if out.get(key):
                    out[key], entities = parse_html(out[key])
                    if entities:
                        out[entities_key] = entities
        out.update(self.extra)
        if self.edits:
            out["edit_date"] = self.date
        return out


@dataclass
class _Fault:
    status: int
    description: str
    method: str | None
    chat_id: int | None
    times: int | None
    parameters: dict[str, Any] | None = None

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or self.chat_id == chat_id


def _as_chat_id(value: Any) -> int | str | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


class FakeBotAPI:
    """The server. `await start()` / `await stop()`, or `async with FakeBotAPI() as fake`."""

    def __init__(self, token: str = DEFAULT_TOKEN, host: str = "127.0.0.1", port: int = 0, rtt: float = 0.0) -> None:
        self.token = token
        self.rtt = rtt  # seconds per call, see the module docstring
        self.host = host
        self.port = port
        self.requests: list[RecordedRequest] = []
        self.messages: list[StoredMessage] = []
        self.updates: list[dict[str, Any]] = []  # not yet confirmed by an offset
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope as JSON -> commands
        self.webhook_url = ""
        self.files: dict[str, tuple[str, bytes, str | None]] = {}  # file_id -> (path, content, name)
        self.blocked: set[int] = set()
        self.rate_limited = 0
        self.down_mode: str | None = None
        self._down_after: tuple[int, str] | None = None  # (update_id, mode), see go_down_after_delivering
        self.strict_private_chats = False
        self.started_chats: set[int] = set()  # users who have written to the bot
        self._faults: list[_Fault] = []
        self._rate: tuple[float, float] | None = None
        self._global_sends: deque[float] = deque()
        self._chat_sends: dict[int | str, deque[float]] = defaultdict(deque)
        self._next_update_id = itertools.count(1)
        self._next_message_id: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._seq = itertools.count(1)
        self._next_file = itertools.count(1)
        self._next_query = itertools.count(1)
        self._users: dict[int, dict[str, Any]] = {}
        self._changed: asyncio.Condition | None = None
        self._poller: asyncio.Future[None] | None = None
        self._runner: web.AppRunner | None = None

    # --- life cycle ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> FakeBotAPI:
        self._changed = asyncio.Condition()
        await self._listen()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _listen(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A short shutdown: pending long polls are dropped, not waited for, when going down.
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.2)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:
            server = site._server
            assert server is not None
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._runner = runner

    async def go_down(self, mode: str = "refused") -> None:
        """The API becomes unreachable ("refused": nothing listens) or answers 502 ("502", "502-html")."""
        if mode not in ("refused", "502", "502-html"):
            raise ValueError(mode)
        self.down_mode = mode
        if mode == "refused":
            await self.stop()  # also drops open connections, long polls included

    def go_down_after_delivering(self, update_id: int, mode: str = "502") -> None:
        """The API answers 502 from the moment the getUpdates that carries `update_id` is answered.

        Only the 502 modes: a closed listener would also drop that getUpdates answer in flight.
        """
        if mode not in ("502", "502-html"):
            raise ValueError(mode)
        self._down_after = (update_id, mode)

    async def come_back(self) -> None:
        if self.down_mode == "refused":
            await self._listen()
        self.down_mode = None

    # --- fault knobs ----------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.blocked.discard(chat_id)

    def fail(
        self, status: int = 500, *, method: str | None = None, chat_id: int | None = None, times: int | None = 1
    ) -> None:
        description = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(
            status, "Internal Server Error"
        )
        self._faults.append(_Fault(status, description, method, chat_id, times))

    def retry_after(
        self, seconds: int, *, method: str | None = None, chat_id: int | None = None, times: int | None = 1
    ) -> None:
        self._faults.append(
            _Fault(
                429,
                f"Too Many Requests: retry after {seconds}",
                method,
                chat_id,
                times,
                parameters={"retry_after": seconds},
            )
        )

    def enforce_rate_limits(self, global_per_second: float = 30, per_chat_per_second: float = 1.0) -> None:
        self._rate = (global_per_second, per_chat_per_second)

    def clear_faults(self) -> None:
        self._faults.clear()
        self.blocked.clear()
        self._rate = None

    # --- users ----------------------------------------------------------------------

    def set_user(self, user_id: int, **fields: Any) -> None:
        """Overrides the simulated Telegram profile (first_name, username, ...)."""
        self._users[user_id] = {**self.tg_user(user_id), **fields}

    def tg_user(self, user_id: int) -> dict[str, Any]:
        return self._users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "username": f"user{user_id}",
            "language_code": "uk",
        }

    def user(self, user_id: int) -> UserChat:
        return UserChat(self, user_id)

    def inject_update(self, **update: Any) -> int:
        """Queues an update (e.g. `message={...}`) for getUpdates; returns its update_id."""
        update_id = next(self._next_update_id)
        self.updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def _user_message(self, user_id: int, **fields: Any) -> StoredMessage:
        known = {k: fields.pop(k) for k in ("text", "caption", "document", "photo", "contact") if k in fields}
        message = StoredMessage(
            chat_id=user_id,
            message_id=next(self._next_message_id[user_id]),
            seq=next(self._seq),
            from_bot=False,
            method="user",
            date=int(time.time()),
            from_user=self.tg_user(user_id),
            extra=fields,
            **known,
        )
        self.started_chats.add(user_id)
        self.messages.append(message)
        self.inject_update(message=message.to_api())
        return message

    def send_text(self, user_id: int, text: str) -> StoredMessage:
        entities = (
            [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
        )
        return self._user_message(user_id, text=text, **({"entities": entities} if entities else {}))

    def add_file(self, content: bytes, file_name: str | None = None, *, kind: str = "documents") -> str:
        """Stores a file the bot can getFile and download; returns its file_id."""
        n = next(self._next_file)
        file_id = f"fake-file-{n}"
        suffix = "" if not file_name or "." not in file_name else "." + file_name.rsplit(".", 1)[-1]
        self.files[file_id] = (f"{kind}/file_{n}{suffix}", content, file_name)
        return file_id

    def _document(self, file_id: str) -> dict[str, Any]:
        _, content, name = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name, "file_size": len(content)}

    def _photo(self, file_id: str) -> list[dict[str, Any]]:
        _, content, _ = self.files[file_id]
        return [
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "width": 800,
                "height": 600,
                "file_size": len(content),
            }
        ]

    def send_document(
        self,
        user_id: int,
        content: bytes = b"%PDF-1.4 fake",
        file_name: str = "document.pdf",
        caption: str | None = None,
    ) -> StoredMessage:
        file_id = self.add_file(content, file_name)
        return self._user_message(user_id, document=self._document(file_id), caption=caption)

    def send_photo(self, user_id: int, content: bytes = b"\x89PNG fake", caption: str | None = None) -> StoredMessage:
        file_id = self.add_file(content, None, kind="photos")
        return self._user_message(user_id, photo=self._photo(file_id), caption=caption)

    def send_contact(self, user_id: int, phone: str, owner_id: int | None = None) -> StoredMessage:
        contact = {"phone_number": phone, "first_name": "X", "user_id": user_id if owner_id is None else owner_id}
        return self._user_message(user_id, contact=contact)

    def send_sticker(self, user_id: int) -> StoredMessage:
        sticker = {
            "file_id": "sticker",
            "file_unique_id": "sticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self._user_message(user_id, sticker=sticker)

    def click(self, user_id: int, message: StoredMessage, contains: str) -> str:
        """Presses the inline button of `message` whose text contains `contains`; returns the query id."""
        button = message.button(contains)
        return self.click_data(user_id, message, button["callback_data"])

    def click_data(self, user_id: int, message: StoredMessage, data: str) -> str:
        """A callback query with arbitrary (maybe forged) data on `message`."""
        query_id = f"q{next(self._next_query)}"
        self.inject_update(
            callback_query={
                "id": query_id,
                "from": self.tg_user(user_id),
                "chat_instance": f"ci{message.chat_id}",
                "data": data,
                "message": message.to_api(),
            }
        )
        return query_id

    # --- reading what happened ----------------------------------------------------

    def calls(self, method: str | None = None, *, chat_id: int | None = None) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (chat_id is None or r.chat_id == chat_id)
        ]

    def messages_to(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        """What the bot sent to `chat_id`, oldest first."""
        return [m for m in self.messages if m.chat_id == chat_id and m.from_bot and (include_deleted or not m.deleted)]

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        for m in self.messages:
            if m.chat_id == chat_id and m.message_id == message_id:
                return m
        return None

    @property
    def last_seq(self) -> int:
        return self.messages[-1].seq if self.messages else 0

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 20.0, what: str = "") -> Any:
        """Waits until `condition()` is truthy (re-checked on every request and update); returns it."""
        assert self._changed is not None, "start() the server first"

        async def check() -> Any:
            async with self._changed:  # type: ignore[union-attr]
                while not (value := condition()):
                    await self._changed.wait()  # type: ignore[union-attr]
                return value

        try:
            return await asyncio.wait_for(check(), timeout)
        except TimeoutError:
            recent = [f"{m.chat_id}: {m.body[:80]!r}" for m in self.messages[-8:]]
            raise AssertionError(
                f"timed out after {timeout} s waiting for {what or condition}; last messages {recent}"
            ) from None

    async def wait_for(
        self, predicate: Callable[[StoredMessage], bool], timeout: float = 20.0, *, since: int = 0
    ) -> StoredMessage:
        """The first message the bot sent (after seq `since`) that satisfies `predicate`."""

        def find() -> StoredMessage | None:
            for m in self.messages:
                if m.seq > since and m.from_bot and predicate(m):
                    return m
            return None

        result: StoredMessage = await self.wait_until(find, timeout, what=f"a message matching {predicate}")
        return result

    async def wait_for_message(
        self, chat_id: int, contains: str = "", timeout: float = 20.0, *, since: int = 0
    ) -> StoredMessage:
        return (
            await self.wait_for(lambda m: m.chat_id == chat_id and contains in m.body, timeout, since=since)
            if contains
            else await self.wait_for(lambda m: m.chat_id == chat_id, timeout, since=since)
        )

    async def wait_for_request(
        self, method: str, timeout: float = 20.0, *, after: float = 0.0, ok: bool | None = None
    ) -> RecordedRequest:
        """The first recorded call of `method` made after monotonic time `after`."""

        def find() -> RecordedRequest | None:
            for r in self.requests:
                if r.method == method and r.at > after and (ok is None or r.ok == ok):
                    return r
            return None

        result: RecordedRequest = await self.wait_until(find, timeout, what=f"a {method} request")
        return result

    async def wait_polling(self, timeout: float = 30.0, *, after: float = 0.0) -> RecordedRequest:
        """Until a bot starts a long poll (getUpdates with a timeout) after monotonic time `after`."""
        result: RecordedRequest = await self.wait_until(
            lambda: next(
                (
                    r
                    for r in self.requests
                    if r.method == "getUpdates" and r.at > after and float(r.params.get("timeout") or 0) > 0
                ),
                None,
            ),
            timeout,
            what="the bot to poll getUpdates",
        )
        return result

    def _notify(self) -> None:
        if self._changed is None:
            return

        async def notify() -> None:
            async with self._changed:  # type: ignore[union-attr]
                self._changed.notify_all()  # type: ignore[union-attr]

        with contextlib.suppress(RuntimeError):  # no running loop: nobody can be waiting
            asyncio.get_running_loop().create_task(notify())

    # --- HTTP ---------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = {}
        uploads: dict[str, tuple[bytes, str | None]] = {}
        if request.content_type == "application/json":
            body = await request.read()
            params = json.loads(body) if body else {}
        elif request.method == "POST" and request.body_exists:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    uploads[key] = (value.file.read(), value.filename)
                else:
                    params[key] = value
        params.update({k: v for k, v in request.query.items() if k not in params})
        for key in JSON_PARAMS & params.keys():
            if isinstance(params[key], str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        files: dict[str, bytes] = {}
        # `document=attach://<field>` (aiogram) or the file in the parameter's own field.
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
                content, name = uploads.pop(value[9:])
                params[key] = {"upload": True, "file_name": name, "size": len(content)}
                files[key] = content
                params[f"_{key}_name"] = name
        for key, (content, name) in uploads.items():
            params[key] = {"upload": True, "file_name": name, "size": len(content)}
            params[f"_{key}_name"] = name
            files[key] = content
        return params, files

    @staticmethod
    def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            params, files = await self._read_params(request)
        except ValueError:
            params, files = {}, {}
        if self.rtt > 0:
            await asyncio.sleep(self.rtt / 2)  # the request on its way to Telegram
        record = RecordedRequest(method, params, _as_chat_id(params.get("chat_id")), time.monotonic(), files=files)
        self.requests.append(record)
        self._notify()  # waiters for a request (a long poll that has begun) need not wait for its answer
        response = await self._respond(request, method, params, files, record)
        record.status = response.status
        self._notify()
        if self.rtt > 0:
            await asyncio.sleep(self.rtt / 2)  # the answer on its way back
        return response

    async def _respond(
        self,
        request: web.Request,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        record: RecordedRequest,
    ) -> web.StreamResponse:
        if self.down_mode == "502-html":
            return web.Response(status=502, text=HTML_502, content_type="text/html")
        if self.down_mode is not None:
            return self._error(502, "Bad Gateway")
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        handler: Callable[..., Awaitable[Any]] | None = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        try:
            self._apply_faults(method, record.chat_id)
            result = await handler(params, files)
        except ApiError as exc:
            return self._error(exc.code, exc.description, exc.parameters)
        return web.json_response({"ok": True, "result": result})

    def _apply_faults(self, method: str, chat_id: int | str | None) -> None:
        for fault in list(self._faults):
            if fault.matches(method, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                raise ApiError(fault.status, fault.description, fault.parameters)
        if chat_id is not None and chat_id in self.blocked and method not in ("getUpdates", "getMe"):
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if (
            self.strict_private_chats
            and method in SENDING_METHODS
            and isinstance(chat_id, int)
            and chat_id > 0
            and chat_id not in self.started_chats
        ):
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if self._rate is not None and method in SENDING_METHODS and chat_id is not None:
            self._check_rate(chat_id)

    def _check_rate(self, chat_id: int | str) -> None:
        assert self._rate is not None
        global_limit, per_chat = self._rate
        now = time.monotonic()
        sends = self._global_sends
        while sends and sends[0] <= now - 1.0:
            sends.popleft()
        chat = self._chat_sends[chat_id]
        chat_window = 1.0 / per_chat if per_chat > 0 else 0.0
        while chat and chat[0] <= now - chat_window:
            chat.popleft()
        wait = 0.0
        if len(sends) >= global_limit:
            wait = sends[0] + 1.0 - now
        if chat:
            wait = max(wait, chat[0] + chat_window - now)
        if wait > 0:
            self.rate_limited += 1
            raise ApiError(
                429, f"Too Many Requests: retry after {math.ceil(wait)}", {"retry_after": max(1, math.ceil(wait))}
            )
        sends.append(now)
        chat.append(now)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(RecordedRequest("file", {"path": request.match_info["path"]}, None, time.monotonic()))
        self._notify()
        if self.down_mode is not None:
            return web.Response(status=502, text=HTML_502, content_type="text/html")
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        for path, content, _ in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=content, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    # --- methods --------------------------------------------------------------------

    async def _m_getme(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getupdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, min(50.0, float(params.get("timeout") or 0)))
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        # Telegram lets one long poll at a time: a new one terminates the older.
        if self._poller is not None and not self._poller.done():
            self._poller.set_exception(
                ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            )
        if not self.updates and timeout > 0:
            loop = asyncio.get_running_loop()
            poller: asyncio.Future[None] = loop.create_future()
            self._poller = poller
            waiter = asyncio.ensure_future(self.wait_until(lambda: bool(self.updates), timeout + 1))
            try:
                done, _ = await asyncio.wait({poller, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                if poller in done:
                    poller.result()  # raises the 409
            finally:
                waiter.cancel()
                if self._poller is poller:
                    self._poller = None
                if not poller.done():
                    poller.cancel()
        batch = self.updates[:limit]
        if self._down_after is not None and any(u["update_id"] == self._down_after[0] for u in batch):
            # This answer was decided before the outage and still reaches the bot; later calls do not.
            self.down_mode = self._down_after[1]
            self._down_after = None
        return batch

    async def _m_setwebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook_url = str(params.get("url") or "")
        return True

    async def _m_deletewebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook_url = ""
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self.updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self.updates)}

    def _new_bot_message(self, method: str, params: dict[str, Any], **fields: Any) -> StoredMessage:
        chat_id = _as_chat_id(params.get("chat_id"))
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        markup = params.get("reply_markup")
        message = StoredMessage(
            chat_id=chat_id,
            message_id=next(self._next_message_id[chat_id]),
            seq=next(self._seq),
            from_bot=True,
            method=method,
            date=int(time.time()),
            reply_markup=markup if isinstance(markup, dict) and "inline_keyboard" in markup else None,
            params=params,
            html=self._html(params, fields.get("text") if method != "copyMessage" else None, fields.get("caption")),
            **fields,
        )
        if isinstance(markup, dict) and "keyboard" in markup:
            message.reply_keyboard = markup
        self.messages.append(message)
        return message

    @staticmethod
    def _html(params: dict[str, Any], *texts: Any) -> bool:
        """parse_mode HTML: the texts must parse as Telegram parses them (400 "can't parse entities" otherwise)."""
        if params.get("parse_mode") != "HTML":
            return False
        for text in texts:
            if text:
                try:
                    parse_html(str(text))
                except ParseError as exc:
                    raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        return True

    def _api_message(self, message: StoredMessage) -> dict[str, Any]:
        return message.to_api()

    @staticmethod
    def _check_length(value: Any, limit: int, what: str) -> None:
        if value is not None and len(str(value)) > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")

    async def _m_sendmessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        text = params.get("text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        self._check_length(text, 4096, "message")
        return self._api_message(self._new_bot_message("sendMessage", params, text=str(text)))

    def _file_param(self, params: dict[str, Any], files: dict[str, bytes], key: str, kind: str) -> str:
        value = params.get(key)
        if key in files:
            return self.add_file(files[key], params.get(f"_{key}_name"), kind=kind)
        if isinstance(value, str) and value in self.files:
            return value
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self.add_file(b"", value.rsplit("/", 1)[-1], kind=kind)
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _m_senddocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self._check_length(params.get("caption"), 1024, "message caption")
        file_id = self._file_param(params, files, "document", "documents")
        message = self._new_bot_message(
            "sendDocument", params, caption=params.get("caption"), document=self._document(file_id)
        )
        return self._api_message(message)

    async def _m_sendphoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self._check_length(params.get("caption"), 1024, "message caption")
        file_id = self._file_param(params, files, "photo", "photos")
        message = self._new_bot_message("sendPhoto", params, caption=params.get("caption"), photo=self._photo(file_id))
        return self._api_message(message)

    async def _m_copymessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        source = self.message(int(params.get("from_chat_id") or 0), int(params.get("message_id") or 0))
        if source is None or source.deleted:
            raise ApiError(400, "Bad Request: message to copy not found")
        caption = params.get("caption", source.caption)
        message = self._new_bot_message(
            "copyMessage",
            params,
            text=source.text,
            caption=caption,
            document=source.document,
            photo=source.photo,
            contact=source.contact,
        )
        return {"message_id": message.message_id}

    def _target(self, params: dict[str, Any]) -> StoredMessage:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by the fake")
        message = self.message(int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _edit_markup(self, message: StoredMessage, params: dict[str, Any]) -> None:
        markup = params.get("reply_markup")
        message.reply_markup = markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None

    async def _m_editmessagetext(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._target(params)
        text = str(params.get("text") or "")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        self._check_length(text, 4096, "message")
        if text == message.text and params.get("reply_markup") == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        message.html = self._html(params, text)
        message.text = text
        self._edit_markup(message, params)
        message.edits.append("editMessageText")
        return self._api_message(message)

    async def _m_editmessagecaption(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._target(params)
        self._check_length(params.get("caption"), 1024, "message caption")
        message.html = self._html(params, params.get("caption"))
        message.caption = params.get("caption")
        self._edit_markup(message, params)
        message.edits.append("editMessageCaption")
        return self._api_message(message)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._target(params)
        self._edit_markup(message, params)
        message.edits.append("editMessageReplyMarkup")
        return self._api_message(message)

    async def _m_deletemessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self.message(int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        message.deleted = True
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        if query_id in self.callback_answers:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self.callback_answers[query_id] = params
        return True

    async def _m_setmycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.commands[json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)] = (
            params.get("commands") or []
        )
        return True

    async def _m_deletemycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.commands.pop(json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True), None)
        return True

    async def _m_getmycommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self.commands.get(json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True), [])

    def commands_for_chat(self, chat_id: int) -> list[dict[str, Any]] | None:
        """The command menu set for one chat (BotCommandScopeChat), None if none."""
        return self.commands.get(json.dumps({"type": "chat", "chat_id": chat_id}, sort_keys=True))

    async def _m_sendchataction(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    async def _m_getfile(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content, _ = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content), "file_path": path}


class UserChat:
    """One user's private chat with the bot, with a read cursor.

    Actions (`send`, `click`, ...) inject updates; `expect(text)` waits for the
    next bot message after the cursor containing `text` and moves the cursor to it.
    """

    def __init__(self, fake: FakeBotAPI, user_id: int) -> None:
        self.fake = fake
        self.id = user_id
        self.cursor = fake.last_seq

    @property
    def messages(self) -> list[StoredMessage]:
        return self.fake.messages_to(self.id)

    def send(self, text: str) -> StoredMessage:
        return self.fake.send_text(self.id, text)

    def send_document(
        self, content: bytes = b"%PDF-1.4 fake", file_name: str = "document.pdf", caption: str | None = None
    ) -> StoredMessage:
        return self.fake.send_document(self.id, content, file_name, caption)

    def send_photo(self, content: bytes = b"\x89PNG fake", caption: str | None = None) -> StoredMessage:
        return self.fake.send_photo(self.id, content, caption)

    def send_contact(self, phone: str) -> StoredMessage:
        return self.fake.send_contact(self.id, phone)

    def last_with_button(self, contains: str) -> StoredMessage:
        for m in reversed(self.messages):
            if m.has_button(contains):
                return m
        raise AssertionError(f"no message to {self.id} has a button with {contains!r}")

    def click(self, contains: str, message: StoredMessage | None = None) -> str:
        """Presses a button (on `message`, or the newest message that has one containing `contains`)."""
        return self.fake.click(self.id, message or self.last_with_button(contains), contains)

    async def expect(self, contains: str = "", timeout: float = 20.0) -> StoredMessage:
        message = await self.fake.wait_for_message(self.id, contains, timeout, since=self.cursor)
        self.cursor = message.seq
        return message

    async def answer_to(self, query_id: str, timeout: float = 20.0) -> dict[str, Any]:
        """The bot's answerCallbackQuery for a click."""
        result: dict[str, Any] = await self.fake.wait_until(
            lambda: self.fake.callback_answers.get(query_id), timeout, what=f"an answer to callback {query_id}"
        )
        return result


async def _main() -> None:  # pragma: no cover - manual use
    async with FakeBotAPI(port=8081) as fake:
        print(f"fake Bot API at {fake.base_url} (token {fake.token})")
        await asyncio.Event().wait()


if __name__ == "__main__":  # pragma: no cover
    asyncio.run(_main())
