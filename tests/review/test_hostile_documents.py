"""Hostile documents end to end in a real browser (issue #10): pages whose text, markup and metadata
carry script and event-handler payloads go through ingest -> extract -> link -> render; then the
review app (claim queue, document, links, history, compare) and every SVG map opened directly in
headless Chromium must execute nothing: no payload sets its marker, no dialog opens, no live
<script>, event-handler attribute or javascript: link reaches the DOM.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from argmap import jobs
from argmap.store import open_store

from .test_browser import settle

#: Every payload, if it ever ran, sets window.__pwned or opens a dialog.
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "\"><svg onload=\"window.__pwned='svg'\">",
    "<a href=\"javascript:window.__pwned='href'\">x</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "</title><script>alert('title')</script>",
    "]]><script>window.__pwned='cdata'</script>",
    "<body onload=\"window.__pwned='body'\">",
]

FRONT = yaml.safe_dump({"title": f"Mali {PAYLOADS[5]} drone {PAYLOADS[1]}", "publisher": PAYLOADS[0],
                        "published": "2025-04-06", "url": "javascript:window.__pwned='url'"}, allow_unicode=True)
HOSTILE_MD = f"""---
{FRONT}---
Mali’s government said the drone had been destroyed {PAYLOADS[0]} near the border.

Algeria denied that the drone had been destroyed {PAYLOADS[1]} near the border, the ministry said.

“The aircraft was flying {PAYLOADS[2]} inside Malian territory,” a spokesman for Mali said.

Algeria accused Mali of hostile acts {PAYLOADS[3]} {PAYLOADS[4]} along the frontier.

Analysts believe that the quarrel {PAYLOADS[6]} {PAYLOADS[7]} will last.
"""

HOSTILE_HTML = f"""<!doctype html><html><head><title>Border row {PAYLOADS[1]}</title>
<script>window.__pwned='html-head'</script>
<meta property="og:title" content="Border row &lt;img src=x onerror=alert(1)&gt;">
</head><body onload="window.__pwned='html-body'"><nav>menu</nav><article>
<h1>Border row</h1>
<p>Algeria said the aircraft had crossed into its airspace <img src=x onerror="window.__pwned='p'">.</p>
<p>Mali rejected these accusations <a href="javascript:window.__pwned='a'">here</a>, the ministry said.</p>
<script>document.title='PWNED'</script>
</article></body></html>
"""


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, nlp):
    """A store and maps made from the hostile documents by the real pipeline (extract, link, render)."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
    (corpus / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    db = root / "hostile.db"
    maps = root / "maps"
    with open_store(db) as store:
        result = jobs.extract(store, [str(corpus)], nlp=nlp)
        assert not result.problems, result.problems
        jobs.link(store)
        paths = jobs.render(store, maps)
        amap = store.load_map()
    return db, [p for p in paths if p.suffix == ".svg"], amap


def _watch(page) -> list[str]:
    """Dialogs, uncaught errors and console errors of the page. A console error is what Chromium
    logs when the Content-Security-Policy blocks something: an injected payload the policy stopped
    (escaping failed), or our own code breaking the policy; either must never happen."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: seen.append(f"pageerror: {e}"))
    page.on("console", lambda m: seen.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: seen.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return seen


def _nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title") != "PWNED"
    live = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name) ||
            (/href$/i.test(a.name) && /^\\s*javascript:/i.test(a.value))).map((a) => el.tagName + ' ' + a.name))""")
    assert live == []


def test_hostile_documents_are_extracted_with_their_payload_text(hostile_run):
    _, svgs, amap = hostile_run
    texts = " ".join(c.text for c in amap.claims)
    assert len(amap.claims) >= 5
    assert "<script>" in texts and "onerror" in texts  # the payloads are in the claims: the test means something
    assert svgs and any("doc-" in p.name for p in svgs)
    for doc in amap.documents:
        assert doc.url is None or doc.url.startswith(("http://", "https://"))


def test_hostile_svg_maps_opened_in_the_browser_run_nothing(hostile_run, browser):
    _, svgs, _ = hostile_run
    context = browser.new_context()
    page = context.new_page()
    seen = _watch(page)
    try:
        for svg in svgs:
            page.goto(svg.as_uri())
            page.wait_for_timeout(100)
            assert page.evaluate("document.documentElement.tagName.toLowerCase()") == "svg", svg.name
            assert page.evaluate("document.querySelectorAll('script').length") == 0, svg.name
            _nothing_ran(page)
            # clicking a claim follows its link, if any: never a javascript: URL
            hrefs = page.evaluate("[...document.querySelectorAll('a')].map((a) => a.getAttribute('xlink:href') || a.getAttribute('href') || '')")
            assert all(h == "" or h.startswith(("http://", "https://")) for h in hrefs), hrefs
    finally:
        context.close()
    assert seen == []


@pytest.mark.parametrize("csp", ["csp", "no-csp"])
def test_hostile_documents_in_the_review_app_run_nothing(hostile_run, browser, live_server, csp):
    """With the Content-Security-Policy enforced, and bypassed: escaping alone must hold."""
    db, _, amap = hostile_run
    server = live_server(db, reviewer="tester")
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=csp == "no-csp")
    page = context.new_page()
    seen = _watch(page)
    try:
        page.goto(server.url)
        settle(page)
        assert "<script>" in page.inner_text("body") or "onerror" in page.inner_text("body")
        for key in ("d", "Escape", "l", "h"):
            page.keyboard.press(key)
            page.wait_for_timeout(150)
            settle(page)
        for claim in amap.claims[:4]:
            page.goto(server.url + f"claims/{claim.id}")
            settle(page)
        sides = sorted({c.actor for c in amap.claims if c.actor})
        if len(sides) >= 2:
            page.goto(server.url + f"compare?a={sides[0]}&b={sides[1]}")
            page.wait_for_load_state("load")
        _nothing_ran(page)
        page.goto(server.url)
        settle(page)
        assert page.evaluate("[...document.scripts].map((s) => new URL(s.src).pathname)") == ["/static/app.js"]
        # the map pane's SVG opened on its own (the page shows it inline): of the documents, of the actors
        docs = ",".join(d.id for d in amap.documents)
        for query in (f"documents={docs}", "actors=" + ",".join(sides[:2])):
            response = page.goto(server.url + "api/map.svg?" + query)
            assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
            assert page.evaluate("document.querySelectorAll('script').length") == 0
            _nothing_ran(page)
    finally:
        context.close()
    assert seen == [], seen
