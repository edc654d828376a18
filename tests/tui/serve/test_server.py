"""eventdesk serve, reached as a browser would: a real aiohttp server on loopback.

Sign-in links (good, forged, replayed, expired), the who-am-I page, sign-out,
the trusted header (from the proxy and from elsewhere), and websocket
handshakes with the server's own Origin and a foreign one.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import socket

import aiohttp
import pytest
from aiohttp import web

from store.records import people, signin
from tui.serve.server import EventDeskServer, origin_of


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _start(server: EventDeskServer) -> web.AppRunner:
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", server.port).start()
    return runner


@pytest.fixture
async def served(fresh_db, db_path):
    signin.set_accept_as(fresh_db, "alice", db_path, True)
    people.grant(fresh_db, "alice", "bob", "annotator")
    server = EventDeskServer(db_path, port=_free_port())
    runner = await _start(server)
    yield server, fresh_db
    await runner.cleanup()


def _jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1


async def test_nobody_gets_the_app_without_signing_in(served):
    server, _ = served
    async with aiohttp.ClientSession() as http:
        async with http.get(server.public_url + "/") as r:
            assert r.status == 401
            assert "sign-in link" in await r.text()
            assert "textual.js" not in await r.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await http.ws_connect(server.public_url + "/ws", origin=server.origin)
        assert caught.value.status == 401


async def test_a_sign_in_link_signs_in_once(served):
    server, db = served
    token, _ = signin.issue_link(db, "alice", "bob")
    link = f"{server.public_url}/signin?token={token}"
    async with aiohttp.ClientSession(cookie_jar=_jar()) as http:
        async with http.get(link) as r:
            assert r.status == 200 and "You are <b>bob</b> (annotator)" in await r.text()
        async with http.get(server.public_url + "/") as r:
            assert r.status == 200 and "textual.js" in await r.text()
    async with aiohttp.ClientSession(cookie_jar=_jar()) as other:
        async with other.get(link) as r:   # the same link again
            assert r.status == 403 and "already used" in await r.text()
        async with other.get(server.public_url + "/signin?token=forged" + token[6:]) as r:
            assert r.status == 403 and "not valid" in await r.text()
        async with other.get(server.public_url + "/whoami") as r:
            assert r.status == 401


async def test_an_expired_link_is_refused(served):
    server, db = served
    token, _ = signin.issue_link(db, "alice", "bob", ttl=_dt.timedelta(seconds=-1))
    async with aiohttp.ClientSession(cookie_jar=_jar()) as http:
        async with http.get(f"{server.public_url}/signin?token={token}") as r:
            assert r.status == 403 and "expired" in await r.text()


async def test_only_admins_issue_links(served):
    _, db = served
    with pytest.raises(Exception, match="bob is an annotator; issuing sign-in links needs the admin"):
        signin.issue_link(db, "bob", "bob")


async def _signed_in(server, db, login="bob") -> aiohttp.ClientSession:
    token, _ = signin.issue_link(db, "alice", login)
    http = aiohttp.ClientSession(cookie_jar=_jar())
    async with http.get(f"{server.public_url}/signin?token={token}") as r:
        assert r.status == 200
    return http


async def test_a_websocket_from_another_origin_is_refused(served):
    server, db = served
    http = await _signed_in(server, db)
    try:
        for origin in ("https://evil.example", "http://127.0.0.1:1", None):
            with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                await http.ws_connect(server.public_url + "/ws", origin=origin)
            assert caught.value.status == 403
    finally:
        await http.close()


async def test_the_app_runs_as_the_signed_in_person(served):
    server, db = served
    http = await _signed_in(server, db)
    seen = b""
    try:
        async with http.ws_connect(server.public_url + "/ws?width=120&height=30",
                                   origin=server.origin) as ws:
            async def read_until_login() -> None:
                nonlocal seen
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    if b"bob" in seen:
                        return
            await asyncio.wait_for(read_until_login(), 60)
            # signing out closes the running app
            async with http.post(server.public_url + "/signout",
                                 headers={"Origin": server.origin}) as r:
                assert r.status == 200
            await asyncio.wait_for(ws.receive(), 20)
            assert ws.closed
        async with http.get(server.public_url + "/whoami") as r:
            assert r.status == 401   # the cookie is gone and the session ended
    finally:
        await http.close()
    assert b"bob" in seen   # the status bar names the person, not the server's account


async def test_sign_out_from_another_origin_is_refused(served):
    server, db = served
    http = await _signed_in(server, db)
    try:
        async with http.post(server.public_url + "/signout",
                             headers={"Origin": "https://evil.example"}) as r:
            assert r.status == 403
        async with http.get(server.public_url + "/whoami") as r:
            assert r.status == 200
    finally:
        await http.close()


async def test_trusted_header_only_from_the_proxy(fresh_db, db_path):
    signin.set_accept_as(fresh_db, "alice", db_path, True)
    server = EventDeskServer(db_path, port=_free_port(), trust_header="Remote-User",
                             proxies=("127.0.0.1",))
    runner = await _start(server)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.public_url + "/whoami", headers={"Remote-User": "carol"}) as r:
                assert r.status == 200 and "You are <b>carol</b> (annotator)" in await r.text()
            async with http.get(server.public_url + "/whoami") as r:
                assert r.status == 401 and "no Remote-User header" in await r.text()
        server.proxies = frozenset({"10.0.0.1"})   # now loopback is not the proxy
        async with aiohttp.ClientSession() as http:
            async with http.get(server.public_url + "/whoami", headers={"Remote-User": "alice"}) as r:
                assert r.status == 401
                assert "from 127.0.0.1, which is not the proxy" in await r.text()
    finally:
        await runner.cleanup()


def test_origin_of_drops_default_ports():
    assert origin_of("https://Desk.example.org:443/x") == "https://desk.example.org"
    assert origin_of("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


async def test_an_expired_session_is_signed_out(served):
    server, db = served
    session = signin.open_session(db, "bob", ttl=_dt.timedelta(seconds=-1))
    jar = _jar()
    jar.update_cookies({"eventdesk_session": session})
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(server.public_url + "/whoami") as r:
            assert r.status == 401 and "your session expired" in await r.text()
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await http.ws_connect(server.public_url + "/ws", origin=server.origin)
