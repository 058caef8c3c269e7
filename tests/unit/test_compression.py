"""Issue 26 at the edge: the page's files compressed once each (ui/compression.py) and the icon font
cut down to the icons that can appear (ui/icon_font.py), tried on the middleware itself."""

from __future__ import annotations

import asyncio
import gzip
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
import pytest
from fontTools.ttLib import TTFont
from streamlit import file_util

from backontrack.ui import compression, icon_font
from backontrack.ui.compression import IMMUTABLE, CompressedStatic, Store, encoding_for

STREAMLIT_STATIC = Path(file_util.get_static_dir())
SCRIPT = "console.log('a bundle that compresses well');\n" * 200
PAGE = '<html><script src="./static/js/app.js"></script><link href="./static/css/app.css"></html>'


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5", "br"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=nonsense", None),
    ],
)
def test_issue_26_brotli_where_the_browser_offers_it_gzip_otherwise(offered: str, chosen: str | None) -> None:
    assert encoding_for(offered) == chosen


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "css").mkdir()
    (tmp_path / "static" / "js" / "app.js").write_text(SCRIPT)
    (tmp_path / "static" / "css" / "app.css").write_text("body { margin: 0 }\n" * 100)
    (tmp_path / "index.html").write_text(PAGE)
    return tmp_path


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        """The body as the browser reads it, its content-encoding undone."""
        encoding = self.headers.get("content-encoding")
        body = brotli.decompress(self.body) if encoding == "br" else self.body
        return (gzip.decompress(body) if encoding == "gzip" else body).decode()


async def behind(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """What the middleware passes on: Streamlit, here an app that says so."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"from the app"})


def ask(app: CompressedStatic, path: str, method: str = "GET", **headers: str) -> Answer:
    """One request through the middleware, as the server would make it (no HTTP client)."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in headers.items()],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # In its own thread: after the browser tests, Playwright's loop runs in this one, and
    # asyncio.run refuses to start inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start, *bodies = sent
    answer_headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return Answer(start["status"], answer_headers, b"".join(b.get("body", b"") for b in bodies))


def middleware(root: Path, icon_sources: tuple[Path, ...] | None = None) -> CompressedStatic:
    return CompressedStatic(
        behind, root=root, pages=frozenset({"/plan"}), icon_sources=icon_sources, warm=False
    )


def test_issue_26_a_hashed_file_goes_compressed_and_cached_for_a_year(root: Path) -> None:
    app = middleware(root)
    answer = ask(app, "/static/js/app.js", accept_encoding="br")
    assert answer.headers["content-encoding"] == "br"
    assert answer.headers["cache-control"] == IMMUTABLE.decode()
    assert answer.headers["vary"] == "Accept-Encoding"
    assert int(answer.headers["content-length"]) == len(answer.body) < len(SCRIPT) / 10
    assert answer.text() == SCRIPT
    zipped = ask(app, "/static/js/app.js", accept_encoding="gzip")
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.text() == SCRIPT


def test_issue_26_a_browser_that_takes_no_encoding_gets_streamlits_own_answer(root: Path) -> None:
    app = middleware(root)
    assert ask(app, "/static/js/app.js", accept_encoding="identity").text() == "from the app"
    assert ask(app, "/static/js/app.js", "POST", accept_encoding="br").text() == "from the app"
    assert ask(app, "/static/js/missing.js", accept_encoding="br").text() == "from the app"
    store = Store(root)
    assert store.file("static/../index.html") is None  # never a file by a way round
    assert store.file("../" * 8 + "etc/passwd") is None


def test_issue_26_the_app_page_is_compressed_and_asked_again_on_each_visit(root: Path) -> None:
    app = middleware(root)
    for address in ("/", "/plan"):
        first = ask(app, address, accept_encoding="gzip")
        assert first.text() == PAGE
        assert first.headers["cache-control"] == "no-cache"
        again = ask(app, address, accept_encoding="gzip", if_none_match=first.headers["etag"])
        assert again.status == 304
        assert again.body == b""
    head = ask(app, "/", "HEAD", accept_encoding="br")
    assert head.body == b""
    assert int(head.headers["content-length"]) > 0


def test_issue_26_each_file_is_compressed_once_however_many_ask_at_once(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = compression.compress

    def counted(data: bytes, encoding: str) -> bytes:
        calls.append(encoding)
        return real(data, encoding)

    monkeypatch.setattr(compression, "compress", counted)
    store = Store(root)
    answers: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: answers.append(store.get("static/js/app.js", "br").body))  # type: ignore[union-attr]
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["br"]
    assert {brotli.decompress(body).decode() for body in answers} == {SCRIPT}
    store.warm()  # the page and the files it names, in both encodings
    assert sorted(calls) == ["br", "br", "br", "gzip", "gzip", "gzip"]
    assert gzip.decompress(store.get("index.html", "gzip").body).decode() == PAGE  # type: ignore[union-attr]


def test_issue_26_the_icon_font_keeps_only_the_icons_named(tmp_path: Path) -> None:
    whole = icon_font.font_file(STREAMLIT_STATIC)
    assert whole is not None
    cut = icon_font.trimmed(whole.read_bytes(), {"home", "error", "not_an_icon"})
    assert len(cut) < whole.stat().st_size / 20
    kept = icon_font.icon_glyphs(TTFont(io.BytesIO(cut)), {"home", "error", "delete"})
    assert set(kept) == {"home", "error"}  # and nothing it was not asked for


def test_issue_26_every_icon_the_app_and_streamlit_name_is_kept(tmp_path: Path) -> None:
    source = tmp_path / "page.py"
    source.write_text('st.page_link("x.py", icon=":material/directions_walk:")\n')
    names = icon_font.named_icons([source], STREAMLIT_STATIC, Path(file_util.__file__).parent)
    assert "directions_walk" in names  # the app's
    assert {"expand_more", "check"} <= names  # Streamlit's own, from its frontend and its code


def test_issue_26_the_font_is_served_cut_down_and_revalidated(root: Path, tmp_path: Path) -> None:
    whole = icon_font.font_file(STREAMLIT_STATIC)
    assert whole is not None
    media = root / "static" / "media"
    media.mkdir()
    (media / whole.name).write_bytes(whole.read_bytes())
    source = tmp_path / "app.py"
    source.write_text('st.error("x", icon=":material/error:")\n')

    app = middleware(root, icon_sources=(source,))
    answer = ask(app, f"/static/media/{whole.name}", accept_encoding="br")
    assert answer.headers["content-type"] == "font/woff2"
    assert "content-encoding" not in answer.headers  # WOFF2 is compressed already
    assert answer.headers["cache-control"] == "no-cache"
    assert len(answer.body) < whole.stat().st_size / 10
    assert "error" in icon_font.icon_glyphs(TTFont(io.BytesIO(answer.body)), {"error"})
    again = ask(app, f"/static/media/{whole.name}", if_none_match=answer.headers["etag"])
    assert again.status == 304
