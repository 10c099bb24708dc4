"""Issue #21 in real headless Chromium (Debian's /usr/bin/chromium through Playwright), each item
against a live server and a real SQLite store: the page fits 800 px and 1400 px windows, edits show
before they are saved, flips and relations, a rejected claim's links, the comparison's scope, the
rating by Enter, the URL, search, batches and the previous item, error pages, accessibility, and a
30-decision session whose export holds exactly its decisions.

Screenshots go to $ARGMAP_REVIEW_SHOTS (default: <tmp>/argmap-review-shots), never into the repo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from argmap.model import Claim, ClaimSpans, Document, Link, Relation, Status
from argmap.store import open_store

from .test_browser import SELECT_JS, card_id, press_and_wait, settle, wait_for_map

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("ARGMAP_REVIEW_SHOTS") or Path(tempfile.gettempdir()) / "argmap-review-shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { const t = document.getElementById('toast'); if (t) t.className = ''; }")
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def ready(page) -> None:
    settle(page)
    page.wait_for_timeout(150)  # the map is drawn 120 ms after the item


def contrast(page, selector: str) -> float:
    """WCAG contrast of an element's text against the first opaque background behind it."""
    return page.evaluate("""(sel) => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      let node = document.querySelector(sel);
      const fg = rgb(getComputedStyle(node).color);
      let bg = null;
      for (; node; node = node.parentElement) {
        const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
      }
      bg = bg || [255, 255, 255];
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    }""", selector)


def most_linked_claim(db: Path) -> str:
    with open_store(db, create=False) as s:
        counts: dict[str, int] = {}
        for lk in s.links():
            for end in (lk.source, lk.target):
                counts[end] = counts.get(end, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c])


# -- 1, 9, 11: the page fits any window; the links list; contrast, focus ring, map by keyboard ----------
@pytest.mark.parametrize("width", [800, 1400])
def test_browser_fits_the_window_and_is_usable_by_keyboard(browser, fresh_corpus_db, live_server, width):
    server = live_server(fresh_corpus_db, reviewer="Ana")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        busy = most_linked_claim(fresh_corpus_db)
        page.goto(server.url + f"?claim={busy}")
        ready(page)
        wait_for_map(page, "map-claims")
        shot(page, f"claims-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # was 1527 px at 800
        # 9: with many links the decision buttons stay in the window, the list is a tidy list
        accept = page.locator("#claim-actions button[data-act=accept]").bounding_box()
        assert accept["y"] + accept["height"] <= 900, accept
        assert page.locator("#claim-links .mini-link").count() >= 3
        style = page.evaluate("""() => { const r = document.querySelector('#claim-links .mini-rel');
          const b = document.querySelector('#claim-links .mini-link button');
          return [getComputedStyle(r).borderTopWidth, getComputedStyle(r).borderTopStyle, getComputedStyle(b).textAlign]; }""")
        assert style[1] == "none" or style[0] == "0px", style
        assert style[2] in ("left", "start"), style
        # 11: "?" readable, a focus ring one can see, the map reachable with Tab and labelled
        assert contrast(page, "#help-button") >= 4.5
        page.focus("#claim-actions button[data-act=skip]")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus: :focus-visible
        ring = page.evaluate("() => [getComputedStyle(document.activeElement).outlineStyle, parseFloat(getComputedStyle(document.activeElement).outlineWidth)]")
        assert ring[0] != "none" and ring[1] >= 2, ring
        svg = page.locator("#map-claims svg")
        assert svg.get_attribute("role") == "group" and svg.get_attribute("aria-label").startswith("Argument map")
        boxes = page.locator("#map-claims g.node.claim[tabindex='0'][role=link]")
        assert boxes.count() >= 2
        other = page.evaluate("(id) => [...document.querySelectorAll('#map-claims g.node.claim')].map((g) => g.id).find((x) => x !== id)", busy)
        page.focus(f"#map-claims g.node.claim[id='{other}']")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith("claim: ")
        page.keyboard.press("Enter")
        page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=other)
        # the edit form stays inside its card
        page.keyboard.press("e")
        page.wait_for_selector("#edit-form", state="visible")
        settle(page)
        shot(page, f"edit-{width}")
        card = page.locator("#claim-card").bounding_box()
        for sel in ("#edit-actor", "#edit-new-actor", "#edit-new-kind", "#edit-text", "#edit-merge", "#edit-content"):
            box = page.locator(sel).bounding_box()
            assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5, (sel, box, card)
        page.keyboard.press("Escape")
        settle(page)
        # links: both claims on screen, side by side or one above the other, never off to the right
        page.keyboard.press("l")
        page.wait_for_selector("#link-card", state="visible")
        wait_for_map(page, "map-links", "link-card")
        shot(page, f"links-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # was 2230 px at 800
        for end in ("#link-source", "#link-target"):
            box = page.locator(end).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (end, box)
        page.keyboard.press("h")
        page.wait_for_selector("#history-table")
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert not errors, errors
    finally:
        context.close()


# -- 2: edits show at once, and every edit action has a key ---------------------------------------------
def test_browser_edit_shows_before_saving_and_needs_no_mouse(page, fresh_corpus_db, live_server):
    server = live_server(fresh_corpus_db, reviewer="Ivo")
    with open_store(fresh_corpus_db, create=False) as s:
        target = s.claim_queue(sort="document")[0]
        doc = s.document(target.document)
    page.goto(server.url + "?sort=document")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=target.id)
    settle(page)
    s0, e0 = target.spans.content[0]
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    page.wait_for_function("() => document.querySelector('#edit-merge option')")  # the document is loaded
    new_end = doc.text.rfind(" ", s0, e0 - 5)
    page.evaluate(SELECT_JS, ["claim-context", s0, new_end])
    page.keyboard.press("Alt+c")
    wanted = " ".join(doc.text[s0:new_end].split()).rstrip(",;:")
    # the highlight and the claim text follow before anything is saved
    page.wait_for_function("() => document.getElementById('edit-content').classList.contains('changed')")
    assert page.input_value("#edit-text") == wanted
    shown = page.evaluate("() => [...document.querySelectorAll('#claim-context .hl-content')].map((s) => s.textContent).join('')")
    assert " ".join(shown.split()) == wanted
    assert page.input_value("#edit-content").startswith(f"{s0}-")
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(target.id).spans.content == target.spans.content  # nothing saved yet
    # offsets can be typed too: the source, by keyboard
    src = target.spans.source[0] if target.spans.source else (s0, s0 + 3)
    page.fill("#edit-source", f"{src[0]}-{src[1] - 1}")
    page.wait_for_function("n => [...document.querySelectorAll('#claim-context .hl-source')].map((s) => s.textContent).join('').trim().length === n",
                           arg=len(doc.text[src[0]:src[1] - 1].strip()))
    page.keyboard.press("Control+Enter")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=target.id)
    settle(page)
    with open_store(fresh_corpus_db, create=False) as s:
        saved = s.claim(target.id)
    assert saved.status == Status.edited and saved.text == wanted
    assert saved.spans.content[0][0] == s0 and list(saved.spans.source[0]) == [src[0], src[1] - 1]

    # split at the cursor with Alt+X
    second = card_id(page)
    with open_store(fresh_corpus_db, create=False) as s:
        c2 = s.claim(second)
    a2, b2 = c2.spans.content[0]
    at = doc.text.index(" ", a2 + (b2 - a2) // 2)
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    page.evaluate(SELECT_JS, ["claim-context", at, at])
    page.keyboard.press("Alt+x")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=second)
    settle(page)
    part = card_id(page)
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(second).status == Status.rejected and s.claim(part).rule == "review.split"

    # merge with Alt+M: the list gets the focus, arrows choose, Enter merges
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form", state="visible")
    page.wait_for_function("() => document.querySelectorAll('#edit-merge option').length > 1")
    page.keyboard.press("Alt+m")
    assert page.evaluate("document.activeElement.id") == "edit-merge"
    page.keyboard.press("ArrowDown")
    other = page.input_value("#edit-merge")
    page.keyboard.press("Enter")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=part)
    settle(page)
    merged = card_id(page)
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(merged).rule == "review.merge"
        assert {s.claim(part).status, s.claim(other).status} == {Status.rejected}

    # pin (p), open another claim, link with the number key
    page.keyboard.press("p")
    press_and_wait(page, "s")
    target2 = card_id(page)
    page.keyboard.press("3")
    settle(page)
    with open_store(fresh_corpus_db, create=False) as s:
        made = s.link(Link.make_id(merged, target2, Relation.restates))
    assert (made.status, made.method) == (Status.accepted, "review.manual")

    # the document panel: select, Alt+A, add
    page.keyboard.press("d")
    page.wait_for_selector("#doc-text [data-start]")
    start = doc.text.index("\n") + 1
    while doc.text[start].isspace():
        start += 1
    end = doc.text.index(" ", start + 20)
    page.evaluate(SELECT_JS, ["doc-text", start, end])
    page.keyboard.press("Alt+a")
    page.wait_for_selector("#add-form", state="visible")
    page.fill("#add-new-actor", "Keyboard analysts")
    page.keyboard.press("Enter")
    page.wait_for_selector("#add-form", state="hidden")
    settle(page)
    with open_store(fresh_corpus_db, create=False) as s:
        added = [c for c in s.claims(document=doc.id) if c.rule == "review.added"]
    assert [(c.spans.content[0][0], c.actor) for c in added] == [(start, "keyboard-analysts")]
    assert not page.errors, page.errors


# -- 3, 4: flip and relations; a rejected claim's links leave the queue; history in words ----------------
def test_browser_flip_relations_progress_and_rejected_claims_links(page, fresh_corpus_db, live_server):
    server = live_server(fresh_corpus_db, reviewer="Lu")
    with open_store(fresh_corpus_db, create=False) as s:
        first = s.link_queue()[0]
        total = len(s.links())
    page.goto(server.url + "?view=links")
    page.wait_for_function("id => document.getElementById('link-card').dataset.id === id", arg=first.id)
    settle(page)
    assert page.inner_text("#prog-links .nums") == f"0 / {total}"
    second = press_and_wait(page, "f", "link-card")
    # flip: one decision, one step of progress; the new link does not carry the linker's old reason
    assert page.inner_text("#prog-links .nums") == f"1 / {total}"
    with open_store(fresh_corpus_db, create=False) as s:
        flipped = s.link(Link.make_id(first.source, first.target, {"supports": "contradicts"}.get(first.relation.value, "supports")))
        assert s.link(first.id).status == Status.rejected and s.link(first.id).reason == first.reason
    assert first.reason not in flipped.reason and "flipped" in flipped.reason and "Lu" in flipped.reason
    # restates, chosen directly (3)
    with open_store(fresh_corpus_db, create=False) as s:
        before = s.link(second)
    press_and_wait(page, "3", "link-card")
    assert page.inner_text("#prog-links .nums") == f"2 / {total}"
    with open_store(fresh_corpus_db, create=False) as s:
        if before.relation == Relation.restates:
            assert s.link(second).status == Status.accepted
        else:
            assert s.link(Link.make_id(before.source, before.target, Relation.restates)).status == Status.edited
    # the history shows words, not JSON
    page.keyboard.press("h")
    page.wait_for_selector("#history-table tbody tr")
    settle(page)
    cells = page.locator("#history-table tbody td:nth-child(5)").all_inner_texts()
    assert cells and not any("{" in c or "[[" in c or '"' in c for c in cells), cells

    # 4: rejecting a claim takes its proposed links out of the link queue
    with open_store(fresh_corpus_db, create=False) as s:
        victim = next(c for c in s.claim_queue(limit=200)
                      if any(lk.status == Status.proposed for lk in s.links_touching([c.id])))
        its_links = {lk.id for lk in s.links_touching([victim.id]) if lk.status == Status.proposed}
    page.keyboard.press("c")
    page.goto(server.url + f"?claim={victim.id}")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=victim.id)
    settle(page)
    press_and_wait(page, "r")
    with open_store(fresh_corpus_db, create=False) as s:
        assert {s.link(i).status for i in its_links} == {Status.rejected}
        queue = set(s.search_links(status="proposed"))
    assert not its_links & queue
    # ... and the link view never shows them: walk its whole queue
    page.keyboard.press("l")
    page.wait_for_selector("#link-card", state="visible")
    settle(page)
    remaining = int(page.inner_text("#link-queue-info").split()[0])
    assert remaining == len(queue)
    assert not page.errors, page.errors


# -- 5, 6: the comparison is one key away and compares like with like; rating by Enter --------------------
def test_browser_compare_tab_scope_and_rating_by_enter(page, fresh_corpus_db, live_server):
    server = live_server(fresh_corpus_db, reviewer="Mo")
    page.goto(server.url)
    ready(page)
    actor = page.evaluate("() => JSON.parse('[]') && document.getElementById('claim-card').dataset.id")
    with open_store(fresh_corpus_db, create=False) as s:
        actor = s.claim(actor).actor
    claim = card_id(page)
    # 6: f, arrows, Enter saves; the keys then work again
    page.keyboard.press("f")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.input_value("#rating-select")
    assert chosen
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('claim-rating').textContent.startsWith('not rated')")
    settle(page)
    assert page.evaluate("document.activeElement.id") != "rating-select"
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(claim).rating.value == chosen
    press_and_wait(page, "a")
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(claim).status == Status.accepted
    # 5: m opens the comparison with the current actor filled in
    current_actor = None
    with open_store(fresh_corpus_db, create=False) as s:
        current_actor = s.claim(card_id(page)).actor
    page.keyboard.press("m")
    page.wait_for_url("**/compare**")
    if current_actor:
        assert page.input_value("#cmp-a") == current_actor
    page.fill("#cmp-a", "Mali")
    page.fill("#cmp-b", "Algeria")
    page.click("#compare-form button[type=submit]")
    page.wait_for_selector("#compare-report")
    assert "both columns are actors" in page.inner_text("#compare-scope")
    shot(page, "compare-scope")
    data = json.loads(page.evaluate("async () => (await fetch('/api/compare?a=Mali&b=Algeria')).text()"))
    kinds = {p["kind"] for key, p in data.items() if key in ("a", "b") and isinstance(p, dict)}
    if not kinds:  # the report's own shape: find the two parties
        kinds = {p["kind"] for p in data.get("parties", [])}
    assert kinds == {"actor"}, data.get("a") or data.get("parties")
    assert not page.errors, page.errors


# -- 10: unknown ids and a server that went away ---------------------------------------------------------
def test_browser_unknown_claims_and_a_server_that_is_down(page, fresh_corpus_db, live_server):
    server = live_server(fresh_corpus_db, reviewer="Io")
    resp = page.goto(server.url + "claims/c-000000000000")
    assert resp.status == 404 and "No claim" in page.inner_text("#not-found")
    page.goto(server.url + "?claim=c-000000000000")
    ready(page)
    assert "No claim with id c-000000000000" in page.inner_text("#offline")
    assert page.get_attribute("#claim-card", "data-id")  # the queue is shown instead
    claim = card_id(page)
    # no answer from the server (the network is gone): nothing saved, said so, and Retry works
    page.context.set_offline(True)
    page.keyboard.press("a")
    page.wait_for_selector("#offline-retry", state="visible")
    text = page.inner_text("#offline-text")
    assert "Not saved" in text and "Nothing was written" in text and "Failed to fetch" not in text
    shot(page, "server-down")
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(claim).status == Status.proposed
    page.context.set_offline(False)
    page.click("#offline-retry")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=claim)
    settle(page)
    assert page.is_hidden("#offline")
    with open_store(fresh_corpus_db, create=False) as s:
        assert s.claim(claim).status == Status.accepted


# -- 12: a source span from a paragraph break; the context's top line ------------------------------------
def test_browser_span_from_a_paragraph_break_and_the_whole_top_line(page, tmp_path, live_server):
    lead = "".join(f"Part {i} of the report says nothing in particular about the talks today. " for i in range(14))
    text = lead + ("\n\nNational security adviser Jo Bell said that the talks had failed on Friday"
                   + ", and then some more words that go on" * 25 + ".\n")
    sha = "e" * 64
    doc = Document(id=Document.make_id(sha), title="Talks", path="talks.txt", sha256=sha, text=text)
    src_start = len(lead)  # the span starts at the paragraph break, as the extractor stored it
    name = "National security adviser Jo Bell"
    spans = ClaimSpans(content=[(text.index("the talks had"), len(text) - 2)],  # long: the box must scroll
                       source=[(src_start, text.index(name) + len(name))], cue=[(text.index(" said") + 1, text.index(" said") + 5)])
    claim = Claim(id=Claim.make_id(doc.id, spans), document=doc.id, source_text=text[slice(*spans.source[0])], cue="said",
                  text="the talks had failed", spans=spans, confidence=0.4, rule="test")
    db = tmp_path / "break.db"
    with open_store(db) as s:
        s.add_document(doc)
        s.apply_review(reviewer=None, action="import", claims=[claim])
    server = live_server(db, reviewer="Ed")
    page.goto(server.url)
    ready(page)
    page.wait_for_timeout(200)
    source = page.evaluate("() => [...document.querySelectorAll('#claim-context .hl-source')].map((s) => s.textContent).join('')")
    assert source == name  # no highlighted blank line before it
    assert page.inner_text("#claim-actor").endswith(f"as written: {name}")
    shot(page, "paragraph-break")
    # no line of the context box is cut by its top edge
    cut = page.evaluate("""() => {
      const box = document.getElementById('claim-context');
      const top = box.getBoundingClientRect().top + box.clientTop;
      const r = document.createRange();
      r.selectNodeContents(box);
      return [...r.getClientRects()].filter((x) => x.height > 0 && x.top < top - 1 && x.bottom > top + 1).length;
    }""")
    assert cut == 0
    assert page.evaluate("document.getElementById('claim-context').scrollTop") > 0  # it did scroll to the claim
    assert not page.errors, page.errors


def test_browser_shows_a_french_claim_in_french(page, tmp_path, live_server):
    # issue #22: a claim is shown in its document's language (lang="fr" on its text and context)
    text = "Le ministère a affirmé que le drone avait violé l'espace aérien algérien.\n"
    sha = "f" * 64
    doc = Document(id=Document.make_id(sha), title="Drone", path="drone.md", sha256=sha, text=text, language="fr")
    spans = ClaimSpans(content=[(text.index("le drone"), text.index(".\n"))], source=[(0, text.index(" a "))],
                       cue=[(text.index("affirmé"), text.index("affirmé") + len("affirmé"))])
    claim = Claim(id=Claim.make_id(doc.id, spans), document=doc.id, source_text="Le ministère", cue="affirmé",
                  text=text[spans.content[0][0]:spans.content[0][1]], spans=spans, confidence=0.8, rule="test")
    db = tmp_path / "fr.db"
    with open_store(db) as s:
        s.add_document(doc)
        s.apply_review(reviewer=None, action="import", claims=[claim])
    server = live_server(db, reviewer="Ed")
    page.goto(server.url)
    ready(page)
    assert page.get_attribute("#claim-text", "lang") == "fr"
    assert page.get_attribute("#claim-context", "lang") == "fr"
    assert page.inner_text("#claim-text").startswith("le drone avait violé")
    assert not page.errors, page.errors


# -- the session: 30 decisions with search, a batch accept and a reload in place; then the export ---------
def test_browser_thirty_decisions_search_batch_reload_then_export(page, fresh_corpus_db, live_server, tmp_path):
    server = live_server(fresh_corpus_db, reviewer="Tess")
    with open_store(fresh_corpus_db, create=False) as s:
        claims = s.claims()
        # a search word that finds a handful of claims, and a rule whose queue is small: computed
        # from the store, so no corpus text lives in the test
        words = sorted({w.strip(".,“”\"'’").lower() for c in claims for w in c.text.split() if len(w) > 6})
        word = next(w for w in words if 4 <= len(s.search_claims(text=w)) <= 6)
        found = s.search_claims(text=word)
        rules = sorted({c.rule for c in claims if c.rule})
    expected_claims: dict[str, Status] = {}
    expected_links: dict[str, Status] = {}
    decisions = 0

    page.goto(server.url)
    ready(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.getElementById('claim-queue-info').textContent.startsWith(n + ' in')", arg=len(found))
    settle(page)
    assert card_id(page) == found[0]
    assert f"q={word}" in page.url
    # decide the found claims by keyboard: accept, reject (with a note), accept ...
    for i, cid in enumerate(found):
        assert card_id(page) == cid
        if i == 1:
            page.keyboard.press("t")
            page.keyboard.type("not a claim: a headline")
            page.keyboard.press("Enter")
            with open_store(fresh_corpus_db, create=False) as s:
                for lk in s.links_touching([cid]):
                    if lk.status == Status.proposed and lk.id not in expected_links:
                        expected_links[lk.id] = Status.rejected  # they go with the claim
            action, key = Status.rejected, "r"
        else:
            action, key = Status.accepted, "a"
        page.keyboard.press(key)
        if i < len(found) - 1:
            page.wait_for_function("id => document.getElementById('claim-card').dataset.id !== id", arg=cid)
        else:
            page.wait_for_selector("#claims-empty", state="visible")
        settle(page)
        expected_claims[cid] = action
        decisions += 1
    # previous item (b) shows the last one decided
    page.keyboard.press("b")
    page.wait_for_function("id => document.getElementById('claim-card').dataset.id === id", arg=found[-1])
    settle(page)
    # a batch: every proposed claim of one small rule queue, accepted at once
    page.fill("#f-q", "")
    page.press("#f-q", "Enter")
    settle(page)
    with open_store(fresh_corpus_db, create=False) as s:
        rule = next(r for r in rules if 2 <= len(s.search_claims(rule=r)) <= 30 - decisions - 8)
        batch = s.search_claims(rule=rule)
    page.fill("#f-rule", rule)
    page.press("#f-rule", "Enter")
    page.wait_for_function("n => document.getElementById('claim-queue-info').textContent.startsWith(n + ' in')", arg=len(batch))
    settle(page)
    page.keyboard.press("Shift+A")
    page.wait_for_selector("#batch-dialog[open]")
    assert str(len(batch)) in page.inner_text("#batch-title")
    page.keyboard.press("Enter")
    page.wait_for_selector("#claims-empty", state="visible")
    settle(page)
    for cid in batch:
        expected_claims[cid] = Status.accepted
    decisions += len(batch)
    # reload in place: the view, the filter and the item come back
    page.fill("#f-rule", "")
    page.press("#f-rule", "Enter")
    settle(page)
    page.select_option("#f-sort", "document")
    settle(page)
    here = card_id(page)
    page.keyboard.press("l")
    page.wait_for_selector("#link-card", state="visible")
    settle(page)
    link_here = card_id(page, "link-card")
    url = page.url
    assert "view=links" in url and "sort=document" in url and f"link={link_here}" in url
    page.reload()
    ready(page)
    assert page.url == url and page.is_visible("#link-card") and card_id(page, "link-card") == link_here
    assert page.input_value("#f-sort") == "document"
    # the rest: links by keyboard until 30 decisions
    while decisions < 30:
        lid = card_id(page, "link-card")
        key, status = ("a", Status.accepted) if decisions % 3 else ("r", Status.rejected)
        press_and_wait(page, key, "link-card")
        expected_links[lid] = status
        decisions += 1
    page.keyboard.press("c")
    settle(page)
    assert card_id(page) == here  # the claim view kept its place too

    out = tmp_path / "export.json"
    subprocess.run([sys.executable, "-m", "argmap", "--db", str(fresh_corpus_db), "export", "--format", "json", "-o", str(out)],
                   check=True, capture_output=True, timeout=120)
    exported = json.loads(out.read_text())
    got_claims = {c["id"]: Status(c["status"]) for c in exported["claims"] if c["status"] != "proposed"}
    got_links = {lk["id"]: Status(lk["status"]) for lk in exported["links"] if lk["status"] != "proposed"}
    assert got_claims == expected_claims
    assert got_links == expected_links
    assert {c["reviewer"] for c in exported["claims"] if c["id"] in expected_claims} == {"Tess"}
    noted = next(c for c in exported["claims"] if c["id"] == found[1])
    assert noted["note"] == "not a claim: a headline"
    assert not page.errors, page.errors
