// argmap review: the browser side. Talks to the JSON API; builds every piece of the page with
// createElement + textContent (document text is never parsed as HTML), and imports the map SVG
// through DOMParser after stripping scripts, event handlers and links from it.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const enc = encodeURIComponent;

  const S = {
    view: "claims",
    meta: null,        // /api/state: documents, actors, kinds, ...
    claim: null,       // payload of the claim on screen
    link: null,        // payload of the link on screen
    pinned: null,      // claim pinned as the source of a new link
    edit: null,        // pending offset changes in the edit form
    add: null,         // pending new claim from the document panel
    lastSel: null,     // last selection inside a text pane: {doc, start, end, collapsed}
    docShown: null,    // document id shown in the document panel
    historyOffset: 0,
    busy: false,
    maps: {},          // pane id -> query of the map shown
    mapDirty: true,
    trail: { claims: [], links: [] },  // items shown before, for "previous" (b)
    queues: { claims: null, links: null },  // the last queue info of each view (its size, for batches)
  };

  // The filters of each queue: [element id, query name, default]. They are also the page's URL
  // (link filters with an "l_" prefix), so a reload keeps the view, the filters and the item (#21).
  const CLAIM_FILTERS = [["f-sort", "sort", "confidence"], ["f-document", "document", ""], ["f-actor", "actor", ""],
    ["f-status", "status", "proposed"], ["f-q", "q", ""], ["f-rule", "rule", ""], ["f-min", "min_confidence", ""],
    ["f-max", "max_confidence", ""]];
  const LINK_FILTERS = [["f-link-sort", "sort", "confidence"], ["f-link-status", "status", "proposed"],
    ["f-relation", "relation", ""], ["f-link-document", "document", ""], ["f-link-actor", "actor", ""],
    ["f-method", "method", ""], ["f-link-q", "q", ""], ["f-link-min", "min_confidence", ""], ["f-link-max", "max_confidence", ""]];
  const OFFLINE_GET = "The review server does not answer (is `argmap review` still running?); nothing could be loaded.";
  const OFFLINE_POST = "Not saved: the review server does not answer (is `argmap review` still running?). " +
    "Nothing was written; press Retry when it is back.";

  // -- small helpers -------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c)); // strings become text nodes
    }
    return node;
  }

  function setText(id, text) { $(id).textContent = text === null || text === undefined ? "" : String(text); }

  // a claim is shown in its document's language: lang="fr" on its text (fonts, hyphenation, screen readers)
  function setLang(node, lang) { if (lang) node.setAttribute("lang", lang); else node.removeAttribute("lang"); }

  function cut(text, n) { return text && text.length > n ? text.slice(0, n - 1) + "…" : (text || ""); }

  let toastTimer = null;
  function toast(message, kind) {
    const t = $("toast");
    t.textContent = message;
    t.className = "show " + (kind || "");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.className = ""; }, kind === "error" ? 6000 : 2200);
  }

  async function api(method, path, body) {
    const opts = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = CSRF;
      opts.body = JSON.stringify(body || {});
    }
    let resp;
    try {
      resp = await fetch(path, opts);
    } catch (e) { // no answer at all: the server is down or the network is gone
      const err = new Error(method === "GET" ? OFFLINE_GET : OFFLINE_POST);
      err.offline = true;
      throw err;
    }
    $("offline").hidden = true;
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const err = new Error((data && data.error) || `${resp.status} ${resp.statusText}`);
      err.status = resp.status;
      err.stale = !!(data && data.stale); // someone changed the record since it was shown: nothing was applied
      throw err;
    }
    if (data && data.progress) showProgress(data.progress);
    return data;
  }

  // Run one user action at a time (a second key press while a request is out is ignored).
  async function run(fn) {
    if (S.busy) return;
    S.busy = true;
    document.body.classList.add("busy");
    try { await fn(); } catch (e) {
      if (e.stale) showStale(e.message);
      else if (e.offline) showOffline(e.message, fn);
      else toast(e.message, "error");
    } finally {
      S.busy = false;
      document.body.classList.remove("busy");
    }
  }

  // The server did not answer: say so where it stays (not a toast), and offer to try again.
  let retryFn = null;
  function showOffline(message, fn) {
    retryFn = fn || null;
    setText("offline-text", message);
    $("offline-retry").hidden = !retryFn;
    $("offline").hidden = false;
  }

  // A notice that stays until dismissed (an unknown claim in the address, ...).
  function notice(message) { showOffline(message, null); }

  // A refused stale decision: say who changed the record and offer to reload it.
  function showStale(message) {
    setText("stale-text", message);
    $("stale").hidden = false;
  }

  async function reloadStale() {
    $("stale").hidden = true;
    try {
      if (S.view === "links" && S.link) await openLink(S.link.link.id);
      else if (S.claim) await openClaim(S.claim.claim.id);
    } catch (e) {
      if (e.status !== 404) throw e;
      if (S.view === "links") await nextLink(null); else await nextClaim(null); // it was removed
    }
  }

  function showProgress(p) {
    for (const [name, key] of [["claims", "claims"], ["links", "links"]]) {
      const box = $("prog-" + name);
      const { total, reviewed } = p[key];
      box.querySelector(".nums").textContent = `${reviewed} / ${total}`;
      box.querySelector(".fill").style.width = (total ? (100 * reviewed / total) : 0).toFixed(1) + "%";
    }
  }

  // -- views -----------------------------------------------------------------------------------
  function switchView(view, load = true) {
    S.view = view;
    for (const v of ["claims", "links", "history"]) {
      $("view-" + v).hidden = v !== view;
      $("tab-" + v).classList.toggle("active", v === view);
      $("tab-" + v).setAttribute("aria-pressed", String(v === view));
    }
    if (load) {
      if (view === "links" && !S.link) run(() => openOrQueue("links", takePending("pendingLink")));
      if (view === "claims" && !S.claim) run(() => openOrQueue("claims", takePending("pendingClaim")));
      if (view === "history") run(loadHistory);
    }
    if (view === "claims" && S.claim) refreshMap();
    if (view === "links" && S.link) refreshMap();
    syncUrl();
  }

  function takePending(key) { const id = S[key]; S[key] = null; return id; }

  // -- the address: view, filters and current item (#21) -------------------------------------
  function filterParams(list) {
    const q = new URLSearchParams();
    for (const [id, key, def] of list) {
      const v = $(id).value.trim();
      if (v && v !== def) q.set(key, v);
    }
    return q;
  }

  function syncUrl() {
    const q = new URLSearchParams();
    if (S.view !== "claims") q.set("view", S.view);
    for (const [k, v] of filterParams(CLAIM_FILTERS)) q.set(k, v);
    for (const [k, v] of filterParams(LINK_FILTERS)) q.set("l_" + k, v);
    if (S.claim) q.set("claim", S.claim.claim.id);
    else if (S.pendingClaim) q.set("claim", S.pendingClaim); // not opened yet: keep it for later
    if (S.link) q.set("link", S.link.link.id);
    else if (S.pendingLink) q.set("link", S.pendingLink);
    const url = location.pathname + (q.toString() ? "?" + q.toString() : "");
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
  }

  function readUrl() {
    const q = new URLSearchParams(location.search);
    const set = (id, value) => {
      const box = $(id);
      box.value = value;
      if (box.tagName === "SELECT" && box.value !== value) box.value = box.options[0] ? box.options[0].value : "";
    };
    for (const [id, key] of CLAIM_FILTERS) if (q.has(key)) set(id, q.get(key));
    for (const [id, key] of LINK_FILTERS) if (q.has("l_" + key)) set(id, q.get("l_" + key));
    const view = ["claims", "links", "history"].includes(q.get("view")) ? q.get("view") : "claims";
    return { view, claim: q.get("claim"), link: q.get("link") };
  }

  // "previous" (b): the items shown before in this view
  function remember(kind, id) {
    const trail = S.trail[kind];
    if (id && trail[trail.length - 1] !== id) trail.push(id);
    if (trail.length > 200) trail.shift();
  }

  async function back() {
    const kind = S.view === "links" ? "links" : "claims";
    const current = kind === "links" ? (S.link && S.link.link.id) : (S.claim && S.claim.claim.id);
    const trail = S.trail[kind];
    while (trail.length && trail[trail.length - 1] === current) trail.pop();
    const id = trail.pop();
    if (!id) { toast("No previous item"); return; }
    S.goingBack = true;
    try { if (kind === "links") await openLink(id); else await openClaim(id); } finally { S.goingBack = false; }
  }

  // -- text panes: segments and selections -----------------------------------------------------
  function renderSegments(container, segments, docId, onClaimClick) {
    const nodes = segments.map((s) => {
      const span = el("span", { class: (s.roles || []).map((r) => "hl-" + r).join(" ") || null,
        "data-start": s.start, "data-end": s.end }, s.text);
      if (s.claims && s.claims.length) {
        span.dataset.claims = s.claims.join(" ");
        if (onClaimClick) span.addEventListener("click", () => {
          const sel = window.getSelection();
          if (sel && !sel.isCollapsed) return; // selecting text, not opening a claim
          onClaimClick(s.claims[0]);
        });
      }
      return span;
    });
    container.replaceChildren(...nodes);
    container.dataset.doc = docId;
    const mark = container.querySelector(".hl-source, .hl-cue, .hl-content");
    if (container.classList.contains("context")) {
      requestAnimationFrame(() => scrollToLine(container, mark));
    }
  }

  // Scroll a context box so that the claim starts one line below its top edge, at a whole line:
  // the top line is never cut in half (#21).
  function scrollToLine(box, mark) {
    if (!mark) { box.scrollTop = 0; return; }
    const cs = getComputedStyle(box);
    const lh = parseFloat(cs.lineHeight) || 24;
    const pad = parseFloat(cs.paddingTop) || 0;
    const line = Math.floor((mark.offsetTop - pad + 1) / lh); // the line the mark starts on
    box.scrollTop = line <= 1 ? 0 : Math.round(pad + (line - 1) * lh);
  }

  function cpLen(str) { let n = 0; for (const _ of str) n++; return n; } // Python offsets count code points

  function pointOffset(node, offset) {
    let seg, within;
    if (node.nodeType === Node.TEXT_NODE) {
      seg = node.parentElement && node.parentElement.closest("[data-start]");
      within = cpLen(node.data.slice(0, offset));
    } else if (node.dataset && node.dataset.start !== undefined) {
      seg = node;
      within = offset > 0 ? cpLen(node.textContent) : 0;
    } else if (node.classList && node.classList.contains("segments")) {
      const kids = node.children;
      if (!kids.length) return null;
      if (offset < kids.length) { seg = kids[offset]; within = 0; } else { seg = kids[kids.length - 1]; within = cpLen(seg.textContent); }
    }
    if (!seg || seg.dataset.start === undefined) return null;
    return Number(seg.dataset.start) + within;
  }

  function currentSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    const r = sel.getRangeAt(0);
    let box = r.commonAncestorContainer;
    if (box.nodeType !== Node.ELEMENT_NODE) box = box.parentElement;
    const pane = box && box.closest(".segments");
    if (!pane) return null;
    const start = pointOffset(r.startContainer, r.startOffset);
    const end = pointOffset(r.endContainer, r.endOffset);
    if (start === null || end === null) return null;
    return { doc: pane.dataset.doc, start, end, collapsed: r.collapsed };
  }

  document.addEventListener("selectionchange", () => {
    const s = currentSelection();
    if (s) S.lastSel = s;
  });

  function fmtSpans(spans) {
    if (!spans || !spans.length) return "–";
    return spans.map(([s, e]) => `[${s}–${e}]`).join(" ");
  }

  // -- claims ----------------------------------------------------------------------------------
  function queueQuery(after) {
    const q = filterParams(CLAIM_FILTERS);
    q.set("status", $("f-status").value);
    if (after) q.set("after", after);
    return q.toString();
  }

  function showQueue(kind, q) {
    S.queues[kind] = q;
    const info = kind === "claims" ? "claim-queue-info" : "link-queue-info";
    setText(info, `${q.remaining} in this queue` + (q.wrapped ? " · back at the start" : ""));
    const ids = kind === "claims" ? ["batch-accept", "batch-reject"] : ["link-batch-accept", "link-batch-reject"];
    for (const id of ids) {
      $(id).querySelector(".n").textContent = String(q.remaining);
      $(id).disabled = !q.remaining;
    }
  }

  async function nextClaim(after) {
    const data = await api("GET", "/api/claims/next?" + queueQuery(after));
    showQueue("claims", data.queue);
    showClaim(data);
  }

  async function openClaim(id) {
    const data = await api("GET", "/api/claims/" + enc(id));
    if (S.view !== "claims") switchView("claims", false);
    showClaim(data);
  }

  function actorName(id) {
    if (!id) return null;
    const a = (S.meta.actors || []).find((x) => x.id === id);
    return a ? a.name : id;
  }

  function showClaim(data) {
    closeEdit();
    $("stale").hidden = true;
    if (S.claim && !S.goingBack && (!data.claim || data.claim.id !== S.claim.claim.id)) remember("claims", S.claim.claim.id);
    S.claim = data.claim ? data : null;
    syncUrl();
    $("claim-card").hidden = !S.claim;
    $("claims-empty").hidden = !!S.claim;
    if (!S.claim) { clearMap("map-claims", "map-claims-title"); return; }
    const c = data.claim;
    $("claim-card").dataset.id = c.id;
    $("claim-card").dataset.status = c.status;
    const badge = $("claim-status");
    badge.textContent = c.status;
    badge.className = "badge st-" + c.status;
    setText("claim-doc", data.document.title + (data.document.publisher ? " · " + data.document.publisher : ""));
    const dp = data.document_progress;
    setText("claim-doc-progress", dp ? `· this document ${dp.reviewed} / ${dp.total} reviewed` : "");
    $("compare-link").href = "/compare" + (c.actor ? "?a=" + enc(c.actor) : "");
    setText("claim-id", c.id);
    renderSegments($("claim-context"), data.context.segments, data.document.id, null);
    const actor = $("claim-actor");
    actor.replaceChildren(
      el("b", {}, data.actor_name || "(no actor)"),
      c.actor ? el("span", { class: "muted mono" }, " " + c.actor) : "",
      c.source_text ? el("span", { class: "muted" }, " · as written: ", el("q", {}, c.source_text.trim())) : "");
    showSide(c.actor);
    $("claim-kind").replaceChildren(
      el("span", { class: "kind" }, c.kind),
      c.cue ? el("span", { class: "muted" }, " · cue ", el("q", {}, c.cue)) : "",
      c.target ? el("span", { class: "muted" }, " · target " + (data.target_name || c.target)) : "",
      c.hedged ? el("span", { class: "muted" }, " · hedged") : "");
    setText("claim-text", c.text);
    setLang($("claim-text"), data.document.language);
    setLang($("claim-context"), data.document.language);
    $("claim-confidence").replaceChildren(
      el("meter", { min: 0, max: 1, value: c.confidence }), " " + c.confidence.toFixed(2));
    setText("claim-rule", c.rule || "–");
    setText("claim-reviewed", c.reviewer ? `${c.status} by ${c.reviewer}` + (c.note ? ` · ${c.note}` : "") : "not yet");
    const links = $("claim-links");
    links.replaceChildren(...(data.links || []).map((lk) => el("div", { class: "mini-link" },
      el("span", { class: "mini-rel rel-" + lk.relation }, lk.direction === "out" ? `${lk.relation} →` : `← ${lk.relation}`),
      el("button", { type: "button", class: "linkish", onclick: () => run(() => openClaim(lk.other)) },
        cut((lk.other_actor ? lk.other_actor + ": " : "") + (lk.other_text || lk.other), 90)),
      el("span", { class: "muted" }, lk.status))));
    if (!data.links || !data.links.length) links.textContent = "none";
    setText("claim-rating", c.rating ? `${c.rating.replace(/_/g, " ")}` + (c.rated_on ? ` (${c.rated_on})` : "") +
      (c.rating_note ? ` · ${c.rating_note}` : "") : "not rated");
    $("rating-select").value = c.rating || "";
    $("rating-note").value = c.rating_note || "";
    showPin();
    if (S.docShown && S.docShown !== data.document.id) closeDoc();
    refreshMap();
  }

  // the actor's side: declared (own or a parent's), else inferred with its confidence; a reviewer sets it
  function showSide(actorId) {
    const box = $("claim-side");
    const a = actorId ? (S.meta.actors || []).find((x) => x.id === actorId) : null;
    if (!a) { box.textContent = "–"; return; }
    let what;
    if (a.side) {
      what = el("span", {}, "side ", el("b", { class: "mono" }, a.side),
        a.side_from && a.side_from !== a.id ? el("span", { class: "muted" }, " (from " + actorName(a.side_from) + ")") : "");
    } else if (a.inferred_side) {
      what = el("span", { title: a.inferred_side_reason || "" }, "inferred side ", el("b", { class: "mono" }, a.inferred_side),
        el("span", { class: "muted" }, ` (${Number(a.inferred_side_confidence || 0).toFixed(2)}) `),
        el("span", { class: "muted side-reason" }, cut(a.inferred_side_reason || "", 200)));
    } else {
      what = el("span", { class: "muted" }, "none");
    }
    const input = el("input", { id: "side-input", type: "text", placeholder: "side id, e.g. rebels", value: a.side || "",
      maxlength: 80, hidden: true });
    const save = el("button", { type: "button", id: "side-save", hidden: true, onclick: () => run(() => saveSide(a.id, input.value)) }, "Save side");
    const edit = el("button", { type: "button", id: "side-edit", class: "linkish",
      onclick: () => { input.hidden = false; save.hidden = false; edit.hidden = true; input.focus(); } }, a.side ? "change" : "set side");
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { ev.preventDefault(); ev.stopPropagation(); run(() => saveSide(a.id, input.value)); }
      else ev.stopPropagation();  // typing a side is not a review shortcut
    });
    box.replaceChildren(what, " ", edit, input, save);
  }

  async function saveSide(actorId, value) {
    const side = value.trim();
    const data = await api("POST", `/api/actors/${enc(actorId)}/side`, { side: side || null });
    S.meta.actors = data.actors;
    S.mapDirty = true;
    toast(side ? `Side of ${actorName(actorId)}: ${side}` : `Side of ${actorName(actorId)} cleared`, "ok");
    if (S.claim) showSide(S.claim.claim.actor);
  }

  async function decideClaim(action) {
    if (!S.claim) return;
    const id = S.claim.claim.id;
    const body = { action, version: S.claim.version };
    const note = $("decision-note").value.trim();
    if (note) body.note = note;
    const res = await api("POST", `/api/claims/${enc(id)}/decide`, body);
    $("decision-note").value = "";
    S.mapDirty = true;
    const gone = (res.links_rejected || []).length;
    toast((action === "accept" ? "Accepted" : "Rejected") + (gone ? ` (and its ${gone} proposed link${gone > 1 ? "s" : ""})` : ""),
      action === "accept" ? "ok" : "bad");
    if (gone && S.link && res.links_rejected.includes(S.link.link.id)) S.link = null; // the link view loads the next one
    await nextClaim(id);
  }

  async function saveRating(ev) {
    if (ev) ev.preventDefault();
    if (!S.claim) return;
    const c = S.claim.claim;
    const rating = $("rating-select").value || null;
    const note = $("rating-note").value.trim();
    if ((rating || null) === (c.rating || null) && note === (c.rating_note || "")) { toast("Nothing changed"); return; }
    const data = await api("POST", `/api/claims/${enc(c.id)}/rate`, { rating, note, version: S.claim.version });
    toast(rating ? `Rated ${rating.replace(/_/g, " ")}` : "Rating removed", "ok");
    $("rating-select").blur();
    $("rating-note").blur();
    showClaim(data);
  }

  async function undo() {
    const data = await api("POST", "/api/undo", {});
    S.mapDirty = true;
    if (!data.undone) { toast("Nothing to undo"); return; }
    toast(`Undone: ${data.undone.action}`);
    if (data.focus && data.focus.record === "claim") {
      await openClaim(data.focus.id);
    } else if (data.focus && data.focus.record === "link") {
      await openLink(data.focus.id);
    } else if (S.view === "claims") {
      await nextClaim(null);
    }
    if (S.view === "history") await loadHistory();
    if (S.docShown) await showDoc(S.docShown);
  }

  // -- pin + link from the claim view ------------------------------------------------------------
  function showPin() {
    const bar = $("pin-bar");
    const show = S.pinned && S.claim && S.pinned.id !== S.claim.claim.id;
    bar.hidden = !show;
    if (show) $("pin-text").textContent = cut(S.pinned.text, 80);
  }

  function pin() {
    if (!S.claim) return;
    S.pinned = { id: S.claim.claim.id, text: S.claim.claim.text };
    toast("Pinned: open another claim (map, document or queue) and choose the relation");
    showPin();
  }

  async function linkPinned(relation) {
    const data = await api("POST", "/api/links", { source: S.pinned.id, target: S.claim.claim.id, relation });
    S.mapDirty = true;
    toast(`Linked: ${relation}`, "ok");
    S.pinned = null;
    await openClaim(data.link.target);
  }

  // -- edit ----------------------------------------------------------------------------------------
  function fillActorSelect(select, current) {
    const opts = [el("option", { value: "" }, "(no actor)")];
    for (const a of S.meta.actors) opts.push(el("option", { value: a.id }, `${a.name} (${a.id})`));
    select.replaceChildren(...opts);
    select.value = current || "";
  }

  function fillSelect(select, values, current) {
    select.replaceChildren(...values.map((v) => el("option", { value: v }, v)));
    if (current !== undefined) select.value = current;
  }

  // -- the edit preview: pending offsets show in the context and the claim text at once (#21) -----
  const TRIM = " \t\r\n,;:–—-";
  function trimSpan(chars, s, e) { // as the server trims a selection (views._trim)
    while (e - s > 1 && TRIM.includes(chars[s])) s++;
    while (e - s > 1 && (TRIM + ".").includes(chars[e - 1])) e--;
    return [s, e];
  }

  function parseSpans(text, length) {
    const spans = [];
    for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
      const m = /^\[?(\d+)\s*[-–]\s*(\d+)\]?$/.exec(part);
      if (!m) return null;
      const s = Number(m[1]), e = Number(m[2]);
      if (!(s < e) || e > length) return null;
      spans.push([s, e]);
    }
    return spans;
  }

  function fmtInput(spans) { return (spans || []).map(([s, e]) => `${s}-${e}`).join(" "); }

  function spanText(chars, spans) {
    return spans.map(([s, e]) => chars.slice(s, e).join("").split(/\s+/).filter(Boolean).join(" ")).join(" … ");
  }

  function segmentsOf(chars, lo, hi, marks) {
    const cuts = new Set([lo, hi]);
    marks = marks.map(([s, e, r]) => [Math.max(s, lo), Math.min(e, hi), r]).filter(([s, e]) => e > s);
    for (const [s, e] of marks) { cuts.add(s); cuts.add(e); }
    const sorted = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i], b = sorted[i + 1];
      const roles = [...new Set(marks.filter(([s, e]) => s <= a && b <= e).map((m) => m[2]))].sort();
      out.push({ start: a, end: b, text: chars.slice(a, b).join(""), roles });
    }
    return out;
  }

  function spansNow(part) { return S.edit && S.edit[part] ? S.edit[part] : S.claim.claim.spans[part]; }

  function previewEdit() {
    if (!S.edit || !S.edit.chars || !S.claim) return;
    const chars = S.edit.chars;
    const marks = [];
    const pending = [];
    for (const part of ["source", "cue", "content"]) {
      for (const [s0, e0] of spansNow(part)) {
        let s = s0, e = e0;
        while (s < e && /\s/.test(chars[s])) s++;
        while (e > s && /\s/.test(chars[e - 1])) e--;
        marks.push([s, e, part]);
        if (S.edit[part]) pending.push([s, e, "pending"]);
      }
    }
    const ctx = S.claim.context;
    const lo = Math.min(ctx.start, ...marks.map((m) => m[0])), hi = Math.max(ctx.end, ...marks.map((m) => m[1]));
    const box = $("claim-context");
    const top = box.scrollTop;
    renderSegments(box, segmentsOf(chars, lo, hi, [...marks, ...pending]), S.claim.document.id, null);
    requestAnimationFrame(() => { box.scrollTop = top; });
    if (S.edit.content && !S.edit.textTouched) $("edit-text").value = spanText(chars, S.edit.content);
    for (const part of ["content", "source", "cue"]) $("edit-" + part).classList.toggle("changed", !!S.edit[part]);
  }

  function setPending(part, spans) {
    if (!S.edit) return;
    S.edit[part] = spans;
    $("edit-" + part).value = fmtInput(spans);
    $("edit-" + part).classList.remove("invalid");
    previewEdit();
  }

  async function openEdit() {
    if (!S.claim) return;
    const c = S.claim.claim;
    S.edit = { content: null, source: null, cue: null, textTouched: false, chars: null };
    fillActorSelect($("edit-actor"), c.actor);
    $("edit-new-actor").value = "";
    fillSelect($("edit-new-kind"), S.meta.actor_kinds, "unknown");
    fillSelect($("edit-kind"), S.meta.kinds, c.kind);
    $("edit-text").value = c.text;
    $("edit-note").value = c.note || "";
    for (const part of ["content", "source", "cue"]) {
      $("edit-" + part).value = fmtInput(c.spans[part]);
      $("edit-" + part).classList.remove("invalid", "changed");
    }
    $("edit-form").hidden = false;
    $("claim-card").classList.add("editing");
    $("edit-actor").focus();
    const edit = S.edit;
    const doc = await api("GET", "/api/documents/" + enc(c.document));
    if (S.edit !== edit) return; // closed meanwhile
    S.edit.chars = Array.from(doc.segments.map((x) => x.text).join("")); // code points, as the offsets count
    const others = doc.claims.filter((x) => x.id !== c.id);
    S.edit.versions = Object.fromEntries(doc.claims.map((x) => [x.id, x.version]));
    $("edit-merge").replaceChildren(el("option", { value: "" }, "merge with…"),
      ...others.map((x) => el("option", { value: x.id }, cut(`${actorName(x.actor) || "?"}: ${x.text}`, 70))));
  }

  function closeEdit() {
    $("edit-form").hidden = true;
    $("claim-card").classList.remove("editing");
    S.edit = null;
  }

  function setFromSelection(part) {
    const sel = currentSelection() || S.lastSel; // the live selection first: selectionchange may not have fired yet
    if (!S.claim || !S.edit || !sel || sel.collapsed || sel.doc !== S.claim.claim.document) {
      toast("Select some text of this claim's document first", "error");
      return;
    }
    let span = [Math.min(sel.start, sel.end), Math.max(sel.start, sel.end)];
    if (S.edit.chars) span = trimSpan(S.edit.chars, span[0], span[1]);
    setPending(part, [span]);
    toast(`${part}: ${fmtSpans([span])} (not saved yet)`);
  }

  function typedOffsets(input) {
    if (!S.edit) return;
    const part = input.dataset.part;
    const spans = parseSpans(input.value, S.edit.chars ? S.edit.chars.length : Infinity);
    const valid = spans !== null && (spans.length > 0 || part !== "content");
    input.classList.toggle("invalid", !valid);
    if (!valid) return;
    const same = JSON.stringify(spans) === JSON.stringify(S.claim.claim.spans[part]);
    S.edit[part] = same ? null : spans;
    previewEdit();
  }

  async function saveEdit(ev) {
    if (ev) ev.preventDefault();
    if (!S.claim || !S.edit) return;
    const c = S.claim.claim;
    const body = {};
    const newName = $("edit-new-actor").value.trim();
    if (newName) body.new_actor = { name: newName, kind: $("edit-new-kind").value };
    else if (($("edit-actor").value || null) !== (c.actor || null)) body.actor = $("edit-actor").value || null;
    if ($("edit-kind").value !== c.kind) body.kind = $("edit-kind").value;
    for (const part of ["content", "source", "cue"]) {
      if ($("edit-" + part).classList.contains("invalid")) { toast(`${part}: type offsets as start-end`, "error"); return; }
      if (S.edit[part]) body[part] = S.edit[part];
    }
    const text = $("edit-text").value.trim();
    if (text && text !== c.text && (!body.content || S.edit.textTouched)) body.text = text;
    const note = $("edit-note").value.trim();
    if (note !== (c.note || "")) body.note = note;
    if (!Object.keys(body).length) { toast("Nothing changed"); closeEdit(); return; }
    body.version = S.claim.version;
    await api("POST", "/api/claims/" + enc(c.id), body);
    S.mapDirty = true;
    if (body.new_actor) await reloadMeta();
    toast("Saved (edited)", "ok");
    await nextClaim(c.id);
  }

  async function splitAtCursor() {
    const sel = currentSelection() || S.lastSel; // the live selection first: selectionchange may not have fired yet
    if (!S.claim || !sel || sel.doc !== S.claim.claim.document) {
      toast("Click inside the claim's content (in the context) where it should be split", "error");
      return;
    }
    const data = await api("POST", `/api/claims/${enc(S.claim.claim.id)}/split`, { at: sel.start, version: S.claim.version });
    S.mapDirty = true;
    toast("Split into two claims", "ok");
    showClaim(Object.assign({}, data.claims[0], { links: [] }));
  }

  async function mergeWith() {
    const other = $("edit-merge").value;
    if (!S.claim || !other) { toast("Pick the claim to merge with", "error"); return; }
    const versions = { [S.claim.claim.id]: S.claim.version };
    if (S.edit && S.edit.versions && S.edit.versions[other] !== undefined) versions[other] = S.edit.versions[other];
    const data = await api("POST", "/api/claims/merge", { ids: [S.claim.claim.id, other], versions });
    S.mapDirty = true;
    toast("Merged", "ok");
    showClaim(data);
  }

  // -- document panel (add a missed claim) -----------------------------------------------------------
  async function showDoc(docId) {
    const data = await api("GET", "/api/documents/" + enc(docId));
    S.docShown = docId;
    setText("doc-title", data.document.title);
    renderSegments($("doc-text"), data.segments, docId, (id) => run(() => openClaim(id)));
    setLang($("doc-text"), data.document.language);
    $("doc-panel").hidden = false;
  }

  function closeDoc() {
    $("doc-panel").hidden = true;
    $("add-form").hidden = true;
    S.docShown = null;
    S.add = null;
  }

  function startAdd() {
    const sel = currentSelection() || S.lastSel; // the live selection first: selectionchange may not have fired yet
    if (!sel || sel.collapsed || sel.doc !== S.docShown) {
      toast("Select the content of the missed claim in the document first", "error");
      return;
    }
    const start = Math.min(sel.start, sel.end), end = Math.max(sel.start, sel.end);
    S.add = { document: sel.doc, content: [[start, end]], source: null, cue: null };
    const text = [...$("doc-text").children].filter((s) => Number(s.dataset.end) > start && Number(s.dataset.start) < end)
      .map((s) => {
        const from = Number(s.dataset.start);
        return Array.from(s.textContent).slice(Math.max(0, start - from), end - from).join(""); // code points
      }).join("");
    setText("add-content", cut(text.trim(), 400));
    fillActorSelect($("add-actor"), "");
    $("add-new-actor").value = "";
    fillSelect($("add-new-kind"), S.meta.actor_kinds, "unknown");
    fillSelect($("add-kind"), S.meta.kinds, "assertion");
    setText("add-source", "–");
    setText("add-cue", "–");
    $("add-form").hidden = false;
    $("add-actor").focus();
  }

  function addSetFromSelection(part) {
    const sel = currentSelection() || S.lastSel; // the live selection first: selectionchange may not have fired yet
    if (!S.add || !sel || sel.collapsed || sel.doc !== S.add.document) {
      toast("Select the " + part + " in the document first", "error");
      return;
    }
    S.add[part] = [[Math.min(sel.start, sel.end), Math.max(sel.start, sel.end)]];
    setText("add-" + part, fmtSpans(S.add[part]));
  }

  async function saveAdd(ev) {
    ev.preventDefault();
    if (!S.add) return;
    const body = { document: S.add.document, content: S.add.content, kind: $("add-kind").value };
    if (S.add.source) body.source = S.add.source;
    if (S.add.cue) body.cue = S.add.cue;
    const newName = $("add-new-actor").value.trim();
    if (newName) body.new_actor = { name: newName, kind: $("add-new-kind").value };
    else if ($("add-actor").value) body.actor = $("add-actor").value;
    const data = await api("POST", "/api/claims", body);
    S.mapDirty = true;
    if (body.new_actor) await reloadMeta();
    toast("Claim added", "ok");
    $("add-form").hidden = true;
    S.add = null;
    await showDoc(data.document.id);
    showClaim(data);
  }

  // -- links ---------------------------------------------------------------------------------------
  function linkQuery(after) {
    const q = filterParams(LINK_FILTERS);
    q.set("status", $("f-link-status").value);
    if (after) q.set("after", after);
    return q.toString();
  }

  async function nextLink(after) {
    const data = await api("GET", "/api/links/next?" + linkQuery(after));
    showQueue("links", data.queue);
    showLink(data);
  }

  async function openLink(id) {
    const data = await api("GET", "/api/links/" + enc(id));
    if (S.view !== "links") switchView("links", false);
    showLink(data);
  }

  function endCard(end, role) {
    if (!end) return el("p", { class: "muted" }, "(claim missing)");
    const c = end.claim;
    const ctx = el("div", { class: "segments context small" });
    renderSegments(ctx, end.context.segments, end.document.id, null);
    return el("div", { class: "end-card", "data-id": c.id },
      el("div", { class: "muted" }, role),
      el("div", { class: "end-actor" }, el("b", {}, end.actor_name || "(no actor)"), " ", el("span", { class: "kind" }, c.kind)),
      el("p", { class: "claim-text", lang: end.document.language }, c.text),
      ctx,
      el("div", { class: "muted" }, cut(end.document.title, 60), " · ",
        el("button", { type: "button", class: "linkish mono", onclick: () => run(() => openClaim(c.id)) }, c.id),
        " · " + c.status));
  }

  function showLink(data) {
    $("stale").hidden = true;
    if (S.link && !S.goingBack && (!data.link || data.link.id !== S.link.link.id)) remember("links", S.link.link.id);
    S.link = data.link ? data : null;
    syncUrl();
    $("link-card").hidden = !S.link;
    $("links-empty").hidden = !!S.link;
    if (!S.link) { clearMap("map-links", "map-links-title"); return; }
    const lk = data.link;
    $("link-card").dataset.id = lk.id;
    $("link-card").dataset.status = lk.status;
    const badge = $("link-status");
    badge.textContent = lk.status;
    badge.className = "badge st-" + lk.status;
    setText("link-meta", `${lk.method || "?"} · confidence ${lk.confidence.toFixed(2)}` + (lk.reviewer ? ` · ${lk.status} by ${lk.reviewer}` : ""));
    setText("link-id", lk.id);
    const rel = $("link-relation");
    rel.textContent = lk.relation;
    rel.className = "relation rel-" + lk.relation;
    setText("link-arrow", lk.relation === "supports" ? "→" : "⟷");
    $("link-source").replaceChildren(endCard(data.source, "from"));
    $("link-target").replaceChildren(endCard(data.target, "to"));
    setText("link-reason", lk.reason || "–");
    $("same-method").hidden = !lk.method;
    for (const b of document.querySelectorAll("#link-actions [data-rel]")) {
      b.setAttribute("aria-pressed", String(b.dataset.rel === lk.relation));
    }
    refreshMap();
  }

  async function decideLink(action, relation) {
    if (!S.link) return;
    const id = S.link.link.id;
    const body = { action, version: S.link.version };
    if (relation) body.relation = relation;
    const res = await api("POST", `/api/links/${enc(id)}/decide`, body);
    S.mapDirty = true;
    const msg = action === "relation" ? `Relation: ${res.link.relation}`
      : { accept: "Link accepted", reject: "Link rejected", flip: `Relation flipped to ${res.link.relation}` }[action];
    toast(msg, action === "reject" ? "bad" : "ok");
    await nextLink(id);
  }

  // -- batches: every item of a queue at once, after a question (#21) ---------------------------------
  function askBatch(kind, action) {
    const q = S.queues[kind];
    if (!q || !q.remaining) { toast("Nothing in this queue"); return; }
    const what = kind === "claims" ? "claim" : "link";
    const params = filterParams(kind === "claims" ? CLAIM_FILTERS : LINK_FILTERS);
    const desc = [...params].map(([k, v]) => `${k} ${v}`).join(", ") || "no filter";
    S.batch = { kind, action, count: q.remaining, filters: Object.fromEntries(params) };
    S.batch.filters.status = $(kind === "claims" ? "f-status" : "f-link-status").value;
    setText("batch-title", `${action === "accept" ? "Accept" : "Reject"} all ${q.remaining} ${what}${q.remaining > 1 ? "s" : ""} of this queue?`);
    setText("batch-text", `The queue as filtered now (${desc}). One decision: undo (u) takes it back as a whole.` +
      (kind === "claims" && action === "reject" ? " Their proposed links are rejected with them." : ""));
    $("batch-note-label").hidden = kind !== "claims";
    $("batch-note").value = "";
    $("batch-dialog").showModal();
    $("batch-ok").focus();
  }

  async function runBatch() {
    const b = S.batch;
    if (!b) return;
    S.batch = null;
    const body = { action: b.action, filters: b.filters, count: b.count };
    const note = $("batch-note").value.trim();
    if (b.kind === "claims" && note) body.note = note;
    const res = await api("POST", `/api/${b.kind}/batch`, body);
    S.mapDirty = true;
    toast(`${b.action === "accept" ? "Accepted" : "Rejected"} ${res.decided} ${b.kind}`, b.action === "accept" ? "ok" : "bad");
    if (b.kind === "claims") { S.link = null; await nextClaim(null); } else await nextLink(null);
  }

  function openNewLink() {
    $("new-link-form").hidden = false;
    $("nl-source").value = S.pinned ? S.pinned.id : (S.claim ? S.claim.claim.id : "");
    $("nl-target").value = "";
    $("nl-reason").value = "";
    $("nl-source").focus();
  }

  async function saveNewLink(ev) {
    ev.preventDefault();
    const data = await api("POST", "/api/links", {
      source: $("nl-source").value.trim(), target: $("nl-target").value.trim(),
      relation: $("nl-relation").value, reason: $("nl-reason").value.trim() || undefined,
    });
    S.mapDirty = true;
    $("new-link-form").hidden = true;
    toast("Link created", "ok");
    showLink(data);
  }

  // -- map -------------------------------------------------------------------------------------------
  function mapTarget() {
    if (S.view === "links" && S.link) {
      const ends = [S.link.source, S.link.target].filter(Boolean);
      const actors = [...new Set(ends.map((e) => e.claim.actor))];
      const query = actors.every(Boolean) ? "actors=" + actors.map(enc).join(",")
        : "documents=" + [...new Set(ends.map((e) => e.document.id))].map(enc).join(",");
      const title = actors.every(Boolean) ? actors.map(actorName).join(" and ") : "documents of both claims";
      return { pane: "map-links", titleId: "map-links-title", query, title, focus: ends.map((e) => e.claim.id) };
    }
    if (S.view === "claims" && S.claim) {
      return { pane: "map-claims", titleId: "map-claims-title", query: "documents=" + enc(S.claim.document.id),
        title: S.claim.document.title, focus: [S.claim.claim.id] };
    }
    return null;
  }

  function clearMap(paneId, titleId) {
    $(paneId).replaceChildren();
    setText(titleId, "map");
    S.maps[paneId] = null;
  }

  let mapTimer = null;
  let mapSeq = 0;
  function refreshMap() {
    clearTimeout(mapTimer);
    mapTimer = setTimeout(drawMap, 120); // a burst of decisions draws once
  }

  async function drawMap() {
    const t = mapTarget();
    if (!t) return;
    const pane = $(t.pane);
    const seq = ++mapSeq;
    if (S.maps[t.pane] !== t.query || S.mapDirty) {
      let text;
      try {
        const resp = await fetch("/api/map.svg?" + t.query, { credentials: "same-origin" });
        if (seq !== mapSeq) return; // a newer drawing is on its way
        if (!resp.ok) {
          let msg = `${resp.status}`;
          try { msg = (await resp.json()).error; } catch (e) { /* not JSON */ }
          pane.replaceChildren(el("p", { class: "muted" }, "No map: " + msg));
          S.maps[t.pane] = null;
          return;
        }
        text = await resp.text();
        if (seq !== mapSeq) return;
      } catch (e) {
        pane.replaceChildren(el("p", { class: "muted" }, "No map: " + e.message));
        return;
      }
      const svg = importSvg(text);
      pane.replaceChildren(svg || el("p", { class: "muted" }, "The map could not be read."));
      S.maps[t.pane] = t.query;
      S.mapDirty = false;
      setText(t.titleId, "map · " + t.title);
    }
    for (const g of pane.querySelectorAll("g.node.current")) g.classList.remove("current");
    let first = null;
    const nodes = [...pane.querySelectorAll("g.node.claim")];
    // a claim restated across documents is drawn with the claim it repeats: its node's tooltip
    // lists it as "(claim id)" under "Also said"
    const holding = (id) => nodes.find((n) => n.id === id) || nodes.find((n) =>
      [...n.querySelectorAll("a")].some((a) => (a.getAttribute("xlink:title") || a.getAttribute("title") || "").includes("(" + id + ")")));
    for (const id of t.focus) {
      const g = holding(id);
      if (g) { g.classList.add("current"); first = first || g; }
    }
    if (first) scrollPaneTo(pane, first);
    pane.dataset.focus = t.focus.join(" "); // what the map shows as current (tests wait for it)
  }

  function scrollPaneTo(pane, g) {
    const pr = pane.getBoundingClientRect(), gr = g.getBoundingClientRect();
    pane.scrollTop += (gr.top - pr.top) - (pane.clientHeight - gr.height) / 2;
    pane.scrollLeft += (gr.left - pr.left) - (pane.clientWidth - gr.width) / 2;
  }

  // The SVG comes from our own Graphviz run, but claim text is in it: keep only drawing elements.
  function importSvg(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (!svg || svg.nodeName.toLowerCase() !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
    for (const bad of svg.querySelectorAll("script, foreignObject, iframe, object, embed, style, image, use, animate, set")) bad.remove();
    for (const node of [svg, ...svg.querySelectorAll("*")]) {
      for (const attr of [...node.attributes]) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on") || name === "href" || name === "xlink:href" || name === "style" || name === "target") {
          node.removeAttribute(attr.name);
        }
      }
    }
    svg.setAttribute("class", "map-svg");
    // #21: the map is a labelled group and each claim box a link that Tab reaches and Enter opens
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-roledescription", "argument map");
    const title = svg.querySelector(":scope > g > title");
    svg.setAttribute("aria-label", "Argument map" + (title && title.textContent ? ": " + title.textContent : ""));
    for (const g of svg.querySelectorAll("g.node.claim")) {
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "link");
      const label = [...g.querySelectorAll("text")].map((t) => t.textContent.trim()).filter(Boolean).join(" ");
      g.setAttribute("aria-label", "claim: " + (label || g.id));
    }
    return document.importNode(svg, true);
  }

  function toggleZoom(paneId) {
    const pane = $(paneId || (S.view === "links" ? "map-links" : "map-claims"));
    pane.classList.toggle("fit");
    const g = pane.querySelector("g.node.current");
    if (g) scrollPaneTo(pane, g);
  }
  for (const b of document.querySelectorAll(".map-zoom")) b.addEventListener("click", () => toggleZoom(b.dataset.pane));

  for (const paneId of ["map-claims", "map-links"]) {
    $(paneId).addEventListener("click", (ev) => {
      const g = ev.target.closest && ev.target.closest("g.node.claim");
      if (g) { ev.preventDefault(); run(() => openClaim(g.id)); }
    });
    $(paneId).addEventListener("keydown", (ev) => {
      const g = ev.target.closest && ev.target.closest("g.node.claim");
      if (g && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); ev.stopPropagation(); run(() => openClaim(g.id)); }
    });
  }

  // -- history ---------------------------------------------------------------------------------------
  async function loadHistory() {
    const limit = 50;
    const data = await api("GET", `/api/history?limit=${limit}&offset=${S.historyOffset}`);
    const rows = data.rows.map((r) => {
      const open = r.record === "claim" ? () => run(() => openClaim(r.record_id))
        : r.record === "link" ? () => run(() => openLink(r.record_id)) : null;
      const changes = r.changes.map((ch) => el("div", { class: "change" },
        el("b", {}, ch.field), ": ",
        ch.before === null ? el("span", { class: "muted" }, "–") : el("del", {}, ch.before), " → ",
        ch.after === null ? el("span", { class: "muted" }, "–") : el("ins", {}, ch.after)));
      return el("tr", { class: r.undone_by ? "undone" : null },
        el("td", { class: "mono" }, r.at.replace("T", " ").replace("+00:00", "")),
        el("td", {}, r.reviewer || "–"),
        el("td", {}, r.action, r.created ? " (new)" : "", r.deleted ? " (removed)" : "",
          r.undone_by ? el("span", { class: "badge st-rejected" }, "undone") : ""),
        el("td", {}, r.record + " ", open ? el("button", { type: "button", class: "linkish mono", onclick: open }, r.record_id)
          : el("span", { class: "mono" }, r.record_id),
          r.label ? el("div", { class: "muted small-text" }, cut(r.label, 120)) : ""),
        el("td", {}, changes.length ? changes : el("span", { class: "muted" },
          r.created ? "new record" : r.deleted ? "record removed" : "no field changed")));
    });
    $("history-table").tBodies[0].replaceChildren(...rows);
    const last = Math.min(data.total, S.historyOffset + data.rows.length);
    setText("history-info", data.total ? `${S.historyOffset + 1}–${last} of ${data.total} changes, newest first` : "No decisions yet.");
    $("history-newer").disabled = S.historyOffset === 0;
    $("history-older").disabled = last >= data.total;
  }

  // -- reviewer, state ----------------------------------------------------------------------------------
  function askReviewer() {
    const d = $("reviewer-dialog");
    $("reviewer-input").value = S.meta && S.meta.reviewer ? S.meta.reviewer : "";
    if (!d.open) d.showModal();
    $("reviewer-input").focus();
  }

  async function saveReviewer(ev) {
    ev.preventDefault();
    const name = $("reviewer-input").value.trim();
    if (!name) return;
    const data = await api("POST", "/api/reviewer", { name });
    S.meta.reviewer = data.reviewer;
    setText("reviewer-name", data.reviewer);
    $("reviewer-dialog").close();
    toast("Hello, " + data.reviewer);
  }

  async function reloadMeta() {
    S.meta = await api("GET", "/api/state");
    const progress = S.meta.document_progress || {};
    for (const [docId, actorId] of [["f-document", "f-actor"], ["f-link-document", "f-link-actor"]]) {
      const doc = $(docId), actor = $(actorId);
      const dv = doc.value, av = actor.value;
      doc.replaceChildren(el("option", { value: "" }, "all"),
        ...S.meta.documents.map((d) => {
          const p = progress[d.id];
          return el("option", { value: d.id }, cut(d.title, 60) + (p ? ` (${p.reviewed}/${p.total})` : ""));
        }));
      actor.replaceChildren(el("option", { value: "" }, "all"), el("option", { value: "-" }, "(no actor)"),
        ...S.meta.actors.map((a) => el("option", { value: a.id }, cut(a.name, 50))));
      doc.value = dv;
      actor.value = av;
    }
  }

  // -- wiring ---------------------------------------------------------------------------------------
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => switchView(b.dataset.view));
  $("claim-actions").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-act]");
    if (b) claimAction(b.dataset.act);
  });
  $("link-actions").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-act], button[data-rel]");
    if (b && b.dataset.rel) run(() => decideLink("relation", b.dataset.rel));
    else if (b) linkAction(b.dataset.act);
  });
  $("pin-bar").addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b) return;
    if (b.dataset.rel) run(() => linkPinned(b.dataset.rel));
    if (b.dataset.act === "unpin") { S.pinned = null; showPin(); }
  });
  // a filter change loads the queue from its start; typed filters (search, rule, bounds) on Enter
  // or when the field is left, and a search field is left with Enter so the keys work again
  for (const [list, load] of [[CLAIM_FILTERS, () => nextClaim(null)], [LINK_FILTERS, () => nextLink(null)]]) {
    for (const [id] of list) {
      const box = $(id);
      let last = box.value;
      const changed = () => {
        if (box.value === last) return;
        last = box.value;
        run(load);
      };
      box.addEventListener("change", () => { if (box.tagName === "SELECT") box.blur(); changed(); });
      if (box.tagName === "INPUT") {
        box.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter") { ev.preventDefault(); box.blur(); changed(); }
        });
        box.addEventListener("search", changed); // the clear button of a search field
      }
    }
  }
  $("same-rule").addEventListener("click", () => {
    if (!S.claim || !S.claim.claim.rule) return;
    $("f-rule").value = S.claim.claim.rule;
    run(() => nextClaim(null));
  });
  $("same-method").addEventListener("click", () => {
    if (!S.link || !S.link.link.method) return;
    $("f-method").value = S.link.link.method;
    run(() => nextLink(null));
  });
  for (const [id, kind, action] of [["batch-accept", "claims", "accept"], ["batch-reject", "claims", "reject"],
    ["link-batch-accept", "links", "accept"], ["link-batch-reject", "links", "reject"]]) {
    $(id).addEventListener("click", () => askBatch(kind, action));
  }
  $("batch-form").addEventListener("submit", (ev) => { ev.preventDefault(); $("batch-dialog").close(); run(runBatch); });
  $("batch-cancel").addEventListener("click", () => { S.batch = null; $("batch-dialog").close(); });
  $("decision-note").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); $("decision-note").blur(); } // then a / r decide with it
  });
  // rating (f): arrows choose, Enter saves (never opens the list), Esc leaves; focus returns to the page (#21)
  $("rating-select").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); ev.stopPropagation(); run(() => saveRating()); }
    else if (ev.key === "Escape") { ev.preventDefault(); $("rating-select").blur(); }
  });
  $("edit-text").addEventListener("input", () => { if (S.edit) S.edit.textTouched = true; });
  for (const part of ["content", "source", "cue"]) {
    $("edit-" + part).addEventListener("input", (ev) => typedOffsets(ev.target));
  }
  $("edit-merge").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); ev.stopPropagation(); run(mergeWith); }
  });
  $("offline-retry").addEventListener("click", () => {
    const fn = retryFn;
    $("offline").hidden = true;
    if (fn) run(fn);
  });
  $("offline-close").addEventListener("click", () => { $("offline").hidden = true; });
  $("edit-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(() => saveEdit()); });
  $("rating-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(() => saveRating()); });
  $("edit-cancel").addEventListener("click", closeEdit);
  $("edit-form").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-set]");
    if (b) setFromSelection(b.dataset.set);
  });
  $("edit-split").addEventListener("click", () => run(splitAtCursor));
  $("edit-merge-button").addEventListener("click", () => run(mergeWith));
  $("doc-close").addEventListener("click", closeDoc);
  $("doc-add").addEventListener("click", startAdd);
  $("add-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(() => saveAdd(ev)); });
  $("add-form").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-add-set]");
    if (b) addSetFromSelection(b.dataset.addSet);
  });
  $("add-cancel").addEventListener("click", () => { $("add-form").hidden = true; S.add = null; });
  $("new-link-button").addEventListener("click", openNewLink);
  $("new-link-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(() => saveNewLink(ev)); });
  $("nl-cancel").addEventListener("click", () => { $("new-link-form").hidden = true; });
  $("history-newer").addEventListener("click", () => { S.historyOffset = Math.max(0, S.historyOffset - 50); run(loadHistory); });
  $("history-older").addEventListener("click", () => { S.historyOffset += 50; run(loadHistory); });
  $("reviewer-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(() => saveReviewer(ev)); });
  $("reviewer-name").addEventListener("click", askReviewer);
  $("stale-reload").addEventListener("click", () => run(reloadStale));
  $("help-button").addEventListener("click", () => $("help-dialog").showModal());
  $("reviewer-dialog").addEventListener("cancel", (ev) => { if (!S.meta || !S.meta.reviewer) ev.preventDefault(); });

  function claimAction(act) {
    switch (act) {
      case "accept": case "reject": return run(() => decideClaim(act));
      case "skip": return run(() => nextClaim(S.claim ? S.claim.claim.id : null));
      case "back": return run(back);
      case "undo": return run(undo);
      case "edit": return run(openEdit);
      case "doc": return S.claim && (S.docShown ? closeDoc() : run(() => showDoc(S.claim.document.id)));
      case "pin": return pin();
      default: return null;
    }
  }

  function linkAction(act) {
    switch (act) {
      case "accept": case "reject": case "flip": return run(() => decideLink(act));
      case "skip": return run(() => nextLink(S.link ? S.link.link.id : null));
      case "back": return run(back);
      case "undo": return run(undo);
      default: return null;
    }
  }

  // Alt+key while editing or adding, wherever the focus is (ev.code: Alt changes ev.key on a Mac)
  function altKey(ev) {
    const code = ev.code || "";
    if (!$("edit-form").hidden) {
      const part = { KeyC: "content", KeyO: "source", KeyU: "cue" }[code];
      if (part) return () => setFromSelection(part);
      if (code === "KeyX") return () => run(splitAtCursor);
      if (code === "KeyM") return () => ($("edit-merge").value ? run(mergeWith) : $("edit-merge").focus());
    }
    if (S.docShown && code === "KeyA") return () => ($("add-form").hidden ? startAdd() : null);
    return null;
  }

  document.addEventListener("keydown", (ev) => {
    if (document.querySelector("dialog[open]")) return;
    const t = ev.target;
    const inField = t && t.closest && t.closest("input, textarea, select");
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      const act = altKey(ev);
      if (act) { ev.preventDefault(); act(); }
      return;
    }
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && !$("edit-form").hidden) {
      ev.preventDefault();
      run(() => saveEdit());
      return;
    }
    if (ev.key === "Escape") {
      if (!$("edit-form").hidden) closeEdit();
      else if (!$("new-link-form").hidden) $("new-link-form").hidden = true;
      else if (S.docShown) closeDoc();
      if (inField) t.blur();
      return;
    }
    if (inField || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key;
    if (k === "c") return switchView("claims");
    if (k === "l") return switchView("links");
    if (k === "h") return switchView("history");
    if (k === "m") { ev.preventDefault(); location.href = $("compare-link").getAttribute("href"); return; }
    if (k === "?") return $("help-dialog").showModal();
    if (k === "z" && S.view !== "history") return toggleZoom(null);
    if (k === "/" && S.view !== "history") { ev.preventDefault(); $(S.view === "links" ? "f-link-q" : "f-q").focus(); return; }
    if ((k === "A" || k === "R") && S.view !== "history") {
      ev.preventDefault();
      return askBatch(S.view, k === "A" ? "accept" : "reject");
    }
    if (k === "f" && S.view === "claims" && S.claim) { ev.preventDefault(); return $("rating-select").focus(); }
    if (k === "t" && S.view === "claims" && S.claim) { ev.preventDefault(); return $("decision-note").focus(); }
    const rel = { 1: "supports", 2: "contradicts", 3: "restates" }[k];
    if (S.view === "claims") {
      if (rel && !$("pin-bar").hidden) { ev.preventDefault(); run(() => linkPinned(rel)); return; }
      const map = { a: "accept", r: "reject", s: "skip", b: "back", u: "undo", e: "edit", d: "doc", p: "pin" };
      if (map[k]) { ev.preventDefault(); claimAction(map[k]); }
    } else if (S.view === "links") {
      if (rel && S.link) { ev.preventDefault(); run(() => decideLink("relation", rel)); return; }
      const map = { a: "accept", r: "reject", f: "flip", s: "skip", b: "back", u: "undo" };
      if (map[k]) { ev.preventDefault(); linkAction(map[k]); }
      if (k === "n") { ev.preventDefault(); openNewLink(); }
    } else if (S.view === "history") {
      if (k === "u") run(undo);
      if (k === "[" && !$("history-newer").disabled) $("history-newer").click();
      if (k === "]" && !$("history-older").disabled) $("history-older").click();
    }
  });

  // An id from the address that is not in the store (any more): say so, show the queue instead.
  async function openOrQueue(kind, id) {
    const open = kind === "claims" ? openClaim : openLink;
    const next = kind === "claims" ? nextClaim : nextLink;
    if (!id) return next(null);
    try {
      await open(id);
    } catch (e) {
      if (e.status !== 404) throw e;
      notice(`No ${kind === "claims" ? "claim" : "link"} with id ${id} in this store (merged, split or re-extracted ` +
        "since the address was made?); showing the queue instead.");
      await next(null);
    }
  }

  async function init() {
    await reloadMeta();
    showProgress(S.meta.progress);
    setText("reviewer-name", S.meta.reviewer || "(not set)");
    const wanted = readUrl();
    switchView(wanted.view, false);
    await run(async () => {
      if (wanted.view === "links") {
        if (wanted.claim) S.pendingClaim = wanted.claim;
        await openOrQueue("links", wanted.link);
      } else {
        await openOrQueue("claims", wanted.claim);
        if (wanted.view === "history") await loadHistory();
      }
    });
    if (S.view !== "links" && wanted.link) S.pendingLink = wanted.link;
    if (!S.meta.reviewer) askReviewer();
    document.body.dataset.ready = "1";
  }

  init().catch((e) => toast(e.message, "error"));
})();
