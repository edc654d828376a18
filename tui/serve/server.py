"""`eventdesk serve`: the workstation in a browser, for people who signed in.

textual-serve (an aiohttp server that starts one app process per websocket)
has no sign-in and accepts a websocket from any page.  `EventDeskServer` wraps
it:

- nobody gets the app without an identity: a session cookie set by a one-time
  sign-in link (`eventdesk users link`), or, with `trust_header`, the login a
  proxy that authenticates puts in that header (believed only from the proxy's
  addresses);
- a websocket whose Origin is not the server's own is refused before the
  handshake, so another site's page cannot drive a signed-in person's app;
- each app process runs `eventdesk --as LOGIN`, so every change is recorded
  under the person who made it, and roles and four eyes apply to them;
- sign-out and session expiry close that person's running apps.

Every refusal is one line of text with a 4xx status.  Untrusted strings (logins,
headers) reach a page only through `html.escape`, and the log only through
`safe_line`-style escaping (`_log`).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import hashlib
import html
import logging
import re
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from store.db.connection import open_db
from store.errors import StoreError
from store.records import people, signin

COOKIE = "eventdesk_session"


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser sends it in Origin (default ports dropped)."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{host}{port}".lower()


def _log(message: str) -> None:
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in message)
    print(f"eventdesk serve: {shown}", file=sys.stderr, flush=True)


class _NoTokens(logging.Filter):
    """Keep sign-in tokens out of the access log (the URL carries them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = re.sub(r"token=[^\s&\"]*", "token=…", str(record.msg))
        return True


def _page(title: str, body: str, status: int = 200) -> web.Response:
    return web.Response(status=status, content_type="text/html", charset="utf-8", text=(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body style='font-family: monospace'>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"))


def _refusal(status: int, message: str) -> web.Response:
    _log(f"refused ({status}): {message}")
    return web.Response(status=status, text=message + "\n", content_type="text/plain")


class EventDeskServer(Server):
    def __init__(self, db_path: Path, host: str = "127.0.0.1", port: int = 8000,
                 public_url: str | None = None, trust_header: str | None = None,
                 proxies: tuple[str, ...] = ("127.0.0.1", "::1"), python: str | None = None):
        self.db_path = Path(db_path).resolve()
        self.python = python or sys.executable
        super().__init__(command="eventdesk", host=host, port=port, title="eventdesk",
                         public_url=public_url)
        self.origin = origin_of(self.public_url)
        self.secure = self.public_url.startswith("https:")
        self.trust_header = trust_header
        self.proxies = frozenset(proxies)
        self.db = open_db(self.db_path)
        #: session hash (or "header:LOGIN") -> the websockets of its running apps
        self.live: dict[str, set[web.WebSocketResponse]] = {}

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_NoTokens())

    # --- the aiohttp app -------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._headers)
        app.add_routes([
            web.get("/signin", self.handle_signin),
            web.get("/whoami", self.handle_whoami),
            web.post("/signout", self.handle_signout),
        ])
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler) -> web.StreamResponse:
        response = await handler(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def on_startup(self, app: web.Application) -> None:
        how = (f"the {self.trust_header} header from {', '.join(sorted(self.proxies))}"
               if self.trust_header else "sign-in links (eventdesk users link)")
        _log(f"serving {self.db_path} on {self.public_url}; who is who: {how}")

    async def on_shutdown(self, app: web.Application) -> None:
        for sockets in list(self.live.values()):
            for ws in list(sockets):
                await ws.close()
        self.db.close()

    # --- who is asking ---------------------------------------------------------------

    def identify(self, request: web.Request) -> tuple[str, str, str | None]:
        """(login, key of the session, expires_at) or StoreError with the reason."""
        if self.trust_header:
            value = request.headers.get(self.trust_header)
            if request.remote not in self.proxies:
                if value is not None:
                    raise StoreError(f"a {self.trust_header} header from {request.remote}, which is "
                                     "not the proxy; refused")
                raise StoreError(f"only the proxy may connect ({request.remote} is not it)")
            if not value:
                raise StoreError(f"the proxy sent no {self.trust_header} header")
            if not people.LOGIN_PATTERN.fullmatch(value):
                raise StoreError(f"{self.trust_header} {value!r} is not a login name")
            people.ensure_user(self.db, value)
            return value, f"header:{value}", None
        cookie = request.cookies.get(COOKIE)
        login, expires = signin.session_login(self.db, cookie)
        return login, hashlib.sha256(cookie.encode()).hexdigest(), expires

    def same_origin(self, request: web.Request) -> str | None:
        """None when the request's Origin is this server's, else the refusal."""
        origin = request.headers.get("Origin")
        if origin is None:
            return "no Origin header; refused"
        if origin.lower() != self.origin:
            return f"Origin {origin} is not this server's ({self.origin}); refused"
        return None

    # --- pages -----------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        try:
            self.identify(request)
        except StoreError as exc:
            return _page("eventdesk: sign in", f"<p>{html.escape(str(exc))}.</p><p>Ask an admin "
                         "for a sign-in link (<code>eventdesk users link LOGIN</code>).</p>", 401)
        return await super().handle_index(request)

    async def handle_signin(self, request: web.Request) -> web.StreamResponse:
        if self.trust_header:
            return _refusal(404, "sign-in links are off: the proxy signs people in")
        try:
            login, session = signin.redeem_link(self.db, request.query.get("token", ""))
        except StoreError as exc:
            return _refusal(403, str(exc))
        _log(f"{login} signed in")
        response = web.HTTPSeeOther("/whoami")
        response.set_cookie(COOKIE, session, httponly=True, samesite="Strict", secure=self.secure,
                            path="/", max_age=int(signin.SESSION_TTL.total_seconds()))
        raise response

    async def handle_whoami(self, request: web.Request) -> web.StreamResponse:
        try:
            login, _, expires = self.identify(request)
        except StoreError as exc:
            return _refusal(401, str(exc))
        role = people.get_role(self.db, login)
        until = f", until {html.escape(expires[:19])} UTC" if expires else ""
        signout = ("" if self.trust_header else
                   "<form method='post' action='/signout'><button>Sign out</button></form>")
        return _page("eventdesk", f"<p>You are <b>{html.escape(login)}</b> "
                     f"({html.escape(role or 'no account')}){until}.</p>"
                     f"<p><a href='/'>Open the workstation</a></p>{signout}")

    async def handle_signout(self, request: web.Request) -> web.StreamResponse:
        refusal = self.same_origin(request)
        if refusal:
            return _refusal(403, f"sign-out: {refusal}")
        cookie = request.cookies.get(COOKIE)
        try:
            login, key, _ = self.identify(request)
        except StoreError as exc:
            return _refusal(401, str(exc))
        signin.end_session(self.db, cookie)
        for ws in list(self.live.pop(key, ())):
            await ws.close()
        _log(f"{login} signed out")
        response = _page("eventdesk: signed out", "<p>Signed out.</p>")
        response.del_cookie(COOKIE, path="/")
        return response

    # --- the app ---------------------------------------------------------------------

    def app_command(self, login: str) -> str:
        """The shell command of one person's app process (AppService runs it in a shell)."""
        return " ".join(shlex.quote(part) for part in (
            self.python, "-m", "store.cli.main", "--db", str(self.db_path), "--as", login))

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        refusal = self.same_origin(request)
        if refusal:
            return _refusal(403, f"websocket: {refusal}")
        try:
            login, key, expires = self.identify(request)
        except StoreError as exc:
            return _refusal(401, f"websocket: {exc}")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        self.live.setdefault(key, set()).add(websocket)
        service = AppService(self.app_command(login), write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=websocket.close,
                             download_manager=self.download_manager, debug=self.debug)
        _log(f"{login}: app started")
        try:
            await service.start(to_int(request.query.get("width", "80"), 80),
                                to_int(request.query.get("height", "24"), 24))
            timeout = None
            if expires:
                left = _dt.datetime.fromisoformat(expires) - _dt.datetime.now(_dt.timezone.utc)
                timeout = max(left.total_seconds(), 0.0)
            try:
                await asyncio.wait_for(self._process_messages(websocket, service), timeout)
            except asyncio.TimeoutError:
                _log(f"{login}: session expired; app closed")
        except asyncio.CancelledError:
            pass
        finally:
            await service.stop()
            await websocket.close()
            self.live.get(key, set()).discard(websocket)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's loop, minus its assert: a malformed message is dropped, not a crash."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(to_int(str(data.get("width")), 80),
                                                    to_int(str(data.get("height")), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
