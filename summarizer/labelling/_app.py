"""The labelling web app (Starlette, Jinja templates, plain JS): ``create_app(store)``.

Pages: ``/`` lists the documents with their status; ``/doc/{id}`` labels one; ``/guideline``
shows the labelling guideline. ``POST /api/doc/{id}`` saves one document.

Safe by default:

- documents are looked up by id in the session's own table: nothing from the URL reaches the
  file system (the static files are served by Starlette's ``StaticFiles`` from the package);
- templates autoescape, and the page's data goes into ``<script type="application/json">``
  through Jinja's ``tojson`` (``<``, ``>``, ``&`` and ``'`` escaped), so no document or claim
  text can close the script or inject markup;
- every request must name this server in ``Host`` (DNS rebinding: a foreign name pointing at
  127.0.0.1 is refused), and a save must carry the session's token (``X-Label-Token``, set in
  each page; not guessable, compared in constant time), come with no foreign ``Origin`` and be
  ``application/json`` (a cross-site form cannot send it).
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .._document import Document as TextDocument
from .._errors import GoldFileError
from .._extractive import speakers, statements
from .._schema import ClaimKind
from ._store import GoldStore, StaleVersion

__all__ = ["TOKEN_HEADER", "create_app", "host_allowed"]

TOKEN_HEADER = "x-label-token"
_HERE = Path(__file__).parent
_MAX_BODY = 32 * 2**20  # a save larger than this is refused


def guideline_html() -> str:
    """The labelling guideline (a copy of the section of ``evals/README.md``) as HTML; raw
    HTML in it is escaped, not passed through."""
    text = (_HERE / "guideline.md").read_text(encoding="utf-8")
    return str(MarkdownIt("commonmark", {"html": False}).enable("table").render(text))


def _sources(text: str, record: dict[str, Any]) -> list[str]:
    """Attribution choices: the sources the document names, then those already used."""
    document = TextDocument(text)
    found = speakers(document, statements(document))
    for claim in record.get("claims") or []:
        name = claim.get("attributed_to") if isinstance(claim, dict) else None
        if isinstance(name, str) and name and name not in found:
            found.append(name)
    return found


def host_allowed(host: str, hosts: frozenset[str]) -> bool:
    """Whether a request's ``Host`` names this server: one of ``hosts``, or, when ``hosts``
    holds ``*:PORT`` (listening on every interface), any IP literal with that port. A name that
    is not an IP literal is what a DNS-rebinding page sends, so only listed names pass."""
    if host in hosts:
        return True
    name, _, port = host.rpartition(":")
    if f"*:{port}" not in hosts:
        return False
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


class _Guard:
    """Refuse requests for another host name, and saves without the token or from another
    origin (pure ASGI middleware, so it sees every request first)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], token: str) -> None:
        self.app, self.hosts, self.token = app, frozenset(hosts), token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        problem = None
        if not host_allowed(host, self.hosts):
            problem = (421, "unknown host: open the address the command printed")
        elif scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if origin is not None and origin != f"http://{host}":
                problem = (403, "cross-origin request refused")
            elif not secrets.compare_digest(
                headers.get(TOKEN_HEADER, "").encode(), self.token.encode()
            ):
                problem = (403, "missing or wrong session token: reload the page")
            elif headers.get("content-type", "").split(";")[0].strip() != "application/json":
                problem = (415, "saves are JSON")
        if problem is not None:
            response = PlainTextResponse(problem[1], status_code=problem[0])
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(store: GoldStore, hosts: Iterable[str], token: str | None = None) -> ASGIApp:
    """The app for ``store``; ``hosts`` are the ``Host`` values it answers (``127.0.0.1:PORT``)."""
    session_token = token or secrets.token_urlsafe(32)
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    guideline = guideline_html()
    kinds = [k.value for k in ClaimKind]

    def page(name: str, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(token=session_token, **context)
        return HTMLResponse(
            html,
            headers={
                "content-security-policy": "default-src 'self'; object-src 'none'; "
                "base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
                "x-content-type-options": "nosniff",
                "referrer-policy": "no-referrer",
                "cache-control": "no-store",
            },
        )

    async def index(request: Request) -> Response:
        statuses = store.statuses()
        done = sum(1 for s in statuses.values() if s == "done")
        return page(
            "index.html.j2",
            gold=str(store.gold_path),
            documents=[(doc_id, statuses[doc_id]) for doc_id in store.documents],
            done=done,
            total=len(statuses),
        )

    async def document(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        if doc_id not in store.documents:
            return PlainTextResponse("no such document", status_code=404)
        state = store.state(doc_id)
        ids = list(store.documents)
        at = ids.index(doc_id)
        data = {
            "id": doc_id,
            "text": state.text,
            "status": state.status,
            "version": state.version,
            "origin": state.origin,
            "record": state.record,
            "kinds": kinds,
            "sources": _sources(state.text, state.record),
        }
        return page(
            "document.html.j2",
            doc_id=doc_id,
            state=state,
            data=data,
            previous=ids[at - 1] if at > 0 else None,
            next=ids[at + 1] if at + 1 < len(ids) else None,
            kinds=kinds,
        )

    async def guideline_page(request: Request) -> Response:
        return page("guideline.html.j2", guideline=guideline)

    async def save(request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        if doc_id not in store.documents:
            return JSONResponse({"error": "no such document"}, status_code=404)
        body = await request.body()
        if len(body) > _MAX_BODY:
            return JSONResponse({"error": "the save is too large"}, status_code=413)
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return JSONResponse({"error": "the save is not JSON"}, status_code=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("version"), str):
            return JSONResponse({"error": "the save names no version"}, status_code=400)
        if payload.get("status") not in ("draft", "done"):
            return JSONResponse({"error": "status must be draft or done"}, status_code=400)
        try:
            version = store.save(doc_id, payload["version"], payload)
        except StaleVersion:
            message = (
                "This document was saved in another tab or window after you opened it. Your "
                "changes are NOT saved and are still on this page: copy what you need, then "
                "reload to see the newer version."
            )
            return JSONResponse({"error": message, "stale": True}, status_code=409)
        except GoldFileError as exc:
            return JSONResponse(
                {"error": exc.detail, "field": exc.field, "invalid": True}, status_code=422
            )
        except OSError as exc:
            return JSONResponse(
                {"error": f"cannot write the gold file: {exc.strerror or exc}"}, status_code=500
            )
        return JSONResponse({"version": version, "status": payload["status"]})

    routes = [
        Route("/", index),
        Route("/doc/{doc_id:path}", document),
        Route("/guideline", guideline_page),
        Route("/api/doc/{doc_id:path}", save, methods=["POST"]),
        Mount("/static", StaticFiles(directory=_HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    return _Guard(app, hosts, session_token)
