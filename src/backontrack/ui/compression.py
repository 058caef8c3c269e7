"""Every byte of the page's own files goes over the wire compressed, each file compressed once.

Streamlit serves its JavaScript and CSS uncompressed: dynamic gzip costs a server CPU on every
request, and a crowd of first visits would pay it again and again (its own load tests found so).
A phone on a slow mobile link pays instead: 2.7 MB for the home screen, about 15 s of slow 4G
(issue 26). This ASGI middleware (serve.py) serves Streamlit's static files compressed with
Brotli (the `brotli` library) where the browser offers it, gzip (the standard library)
otherwise, each file compressed once per process and kept in memory:

- the hashed, immutable bundles under /static/ keep Streamlit's year-long cache header, so a
  second visit downloads nothing of them;
- the app page itself (index.html, at "/" and at each screen's address) is compressed too, kept
  `no-cache` with an ETag, so a second visit asks and gets a 304;
- a background thread compresses what every first visit needs (the page and the files it names)
  soon after the server starts; any other file is compressed the first time it is asked for, by
  one thread (the others asking wait for it), and kept;
- the icon font goes cut down to the icons that can appear (ui/icon_font.py), revalidated on each
  visit like the app page;
- anything else (the websocket, media, uploads, the health check) passes through untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import brotli
import streamlit
from starlette.concurrency import run_in_threadpool

from backontrack.http_headers import weighted
from backontrack.ui import icon_font

LOG = logging.getLogger(__name__)
#: Files worth compressing (images and fonts like woff2 are compressed already).
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".ttf", ".otf", ".wasm"})
#: Kinds of text besides text/*: sent with their character set.
TEXT_KINDS = frozenset({"application/javascript", "image/svg+xml", "application/json"})
#: Brotli quality 9: within 9 % of quality 11's size at a fifteenth of its time (all of Streamlit's
#: 23 MB in under 5 s on one core), so a restart never keeps a server busy for a minute.
BROTLI_QUALITY = 9
GZIP_LEVEL = 9
#: The files index.html names ("./static/js/index.x.js"): what a first visit loads first.
FIRST_FILES = re.compile(r'(?:src|href)="\./(static/[^"]+)"')
#: Streamlit's own header for hashed bundles (starlette_static_routes), kept as it is.
IMMUTABLE = b"public, immutable, max-age=31536000"


@dataclass(frozen=True)
class Served:
    """A body made once and kept, and its ETag."""

    body: bytes
    etag: bytes

    @classmethod
    def of(cls, body: bytes) -> Served:
        return cls(body, b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"')


def encoding_for(accept_encoding: str) -> str | None:
    """The best encoding the browser offers: br, then gzip; None for neither (or q=0)."""
    offered = {name.lower(): weight for name, weight in weighted(accept_encoding)}
    for name in ("br", "gzip"):
        if offered.get(name, offered.get("*", 0.0)) > 0:
            return name
    return None


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY))
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


class Store:
    """Compressed copies of a folder's files, and the cut-down icon font, each made once, safe for
    many threads at once. `icon_names` lists the icons that can appear (called once, when needed)."""

    def __init__(self, root: Path, icon_names: Callable[[], frozenset[str]] | None = None) -> None:
        self.root = root.resolve()
        self._icon_names = icon_names
        found = icon_font.font_file(self.root) if icon_names is not None else None
        #: The icon font's path under root ("static/media/MaterialSymbols-Rounded.x.woff2").
        self.font_path = found.relative_to(self.root).as_posix() if found is not None else None
        self._done: dict[tuple[str, str], Served | None] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def file(self, relative: str) -> Path | None:
        """The file under root for a URL path, if it is one worth compressing (never outside root)."""
        if not relative or ".." in relative.split("/"):
            return None
        path = (self.root / relative).resolve()
        if path.suffix not in COMPRESSIBLE or not path.is_file() or self.root not in path.parents:
            return None
        return path

    def _once(self, key: tuple[str, str], make: Callable[[], Served | None]) -> Served | None:
        """`make()`'s answer for `key`, made by the first thread that asks; the rest wait for it."""
        if key in self._done:
            return self._done[key]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._done:
                self._done[key] = make()
            return self._done[key]

    def get(self, relative: str, encoding: str) -> Served | None:
        path = self.file(relative)
        if path is None:
            return None
        return self._once((relative, encoding), lambda: Served.of(compress(path.read_bytes(), encoding)))

    def font(self) -> Served | None:
        """The icon font cut down to the icons that can appear; None (the whole font is served)
        when it cannot be cut."""
        if self.font_path is None or self._icon_names is None:
            return None
        path, names = self.root / self.font_path, self._icon_names

        def cut() -> Served | None:
            try:
                return Served.of(icon_font.trimmed(path.read_bytes(), names()))
            except Exception:  # a font fontTools cannot read: the whole font still works
                LOG.warning("The icon font is served whole: it could not be cut down", exc_info=True)
                return None

        return self._once((self.font_path, "icons"), cut)

    def first_files(self) -> list[str]:
        """What every first visit loads before anything else: the app page and the files it names
        (its script, the scripts it preloads, its style sheet)."""
        page = self.root / "index.html"
        if not page.is_file():
            return []
        named = FIRST_FILES.findall(page.read_text(errors="ignore"))
        return ["index.html", *(name for name in named if self.file(name) is not None)]

    def warm(self) -> None:
        """Cut the icon font and compress what every first visit needs, in both encodings (a
        background thread at start: about 1.5 s of one core, 1.1 s of it the font). Every other
        file is compressed the first time it is asked for (Plotly's 4.7 MB chunk: 0.4 s, once)."""
        self.font()
        for relative in self.first_files():
            for encoding in ("br", "gzip"):
                self.get(relative, encoding)


class CompressedStatic:
    """ASGI middleware: Streamlit's static files and app page, compressed once, served from memory;
    the icon font cut down to the icons of `icon_sources` and of Streamlit."""

    def __init__(
        self,
        app: Any,
        root: Path,
        pages: frozenset[str],
        icon_sources: tuple[Path, ...] | None = None,
        warm: bool = True,
    ) -> None:
        self.app = app
        names = None
        if icon_sources is not None:
            names = partial(icon_font.named_icons, icon_sources, root, Path(streamlit.__file__).parent)
        self.store = Store(root, names)
        #: The app page's addresses: "/" and each screen's ("/plan").
        self.pages = pages
        if warm:
            threading.Thread(target=self.store.warm, name="compress-static", daemon=True).start()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        path: str = scope.get("path", "/")
        if self.store.font_path is not None and path == "/" + self.store.font_path:
            font = await run_in_threadpool(self.store.font)
            if font is None:
                await self.app(scope, receive, send)
            else:  # a font is compressed already: sent as it is, asked again on each visit
                await self._send(scope, send, font, headers, b"font/woff2", None, revalidate=True)
            return
        encoding = encoding_for(headers.get(b"accept-encoding", b"").decode("latin-1"))
        page = path.rstrip("/") in self.pages or path == "/"
        relative = "index.html" if page else path.removeprefix("/") if path.startswith("/static/") else ""
        found = await run_in_threadpool(self.store.get, relative, encoding) if encoding and relative else None
        if found is None:
            await self.app(scope, receive, send)
            return
        kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in TEXT_KINDS:
            kind += "; charset=utf-8"
        await self._send(scope, send, found, headers, kind.encode(), encoding, revalidate=page)

    @staticmethod
    async def _send(
        scope: Any,
        send: Any,
        found: Served,
        headers: dict[bytes, bytes],
        kind: bytes,
        encoding: str | None,
        revalidate: bool,
    ) -> None:
        """The answer: 304 when the browser's copy is this one (asked again on each visit:
        `revalidate`), else the body; year-long caching for Streamlit's hashed files."""
        status, body = 200, found.body
        if revalidate and headers.get(b"if-none-match") == found.etag:
            status, body = 304, b""
        answer = [(b"content-type", kind)]
        if encoding is not None:
            answer += [(b"content-encoding", encoding.encode()), (b"vary", b"Accept-Encoding")]
        answer += [(b"cache-control", b"no-cache" if revalidate else IMMUTABLE), (b"etag", found.etag)]
        if status == 200:
            answer.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": answer})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
