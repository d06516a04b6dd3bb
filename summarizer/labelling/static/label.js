// The document page of `summarizer gold label`: plain JS, no build step.
//
// Offsets. The gold file counts code points (Python str indexes); the browser counts UTF-16
// units. The text is never parsed as HTML (the HTML parser would turn "\r\n" into "\n"): it
// arrives as JSON and goes into text nodes as it is, each in a <span data-o="N"> whose N is the
// code-point offset where it starts. A selection's UTF-16 position inside a span is converted
// through the `u16` table (code point i starts at UTF-16 index u16[i]).
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("doc-data").textContent);
  const TOKEN = document.querySelector('meta[name="label-token"]').content;
  const TEXT = DATA.text;
  const CPS = Array.from(TEXT);
  const u16 = new Array(CPS.length + 1);
  u16[0] = 0;
  for (let i = 0; i < CPS.length; i++) u16[i + 1] = u16[i] + CPS[i].length;

  function cpOf(unit) { // UTF-16 index -> code-point index (binary search)
    let lo = 0, hi = CPS.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (u16[mid] <= unit) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  const slice = (start, end) => TEXT.slice(u16[start], u16[end]);

  const record = DATA.record;
  let version = DATA.version;
  let status = DATA.status;
  const claims = (record.claims || []).map((c) => ({
    text: c.text || "",
    kind: c.kind || "fact",
    attributed_to: c.attributed_to == null ? "" : c.attributed_to,
    evidence: (c.evidence || []).map((e) => ({ start: e.start, end: e.end })),
    proposed: DATA.origin === "prefill",
  }));
  let current = claims.length ? 0 : -1;

  const $ = (id) => document.getElementById(id);
  const textBox = $("text"), list = $("claims"), message = $("message");
  $("doc-kind").value = record.kind || "";
  $("summary").value = record.summary || "";
  $("key-points").value = (record.key_points || []).join("\n");
  for (const name of DATA.sources) {
    const option = document.createElement("option");
    option.value = name;
    $("sources").appendChild(option);
  }

  // --- the text, with the current claim's evidence highlighted --------------------------
  function renderText() {
    const cuts = new Set([0, CPS.length]);
    const mine = current >= 0 ? claims[current].evidence : [];
    const others = [];
    claims.forEach((c, i) => { if (i !== current) others.push(...c.evidence); });
    for (const e of [...mine, ...others]) { cuts.add(e.start); cuts.add(e.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const span = document.createElement("span");
      span.dataset.o = String(a);
      span.textContent = slice(a, b);
      if (mine.some((e) => e.start <= a && b <= e.end)) span.className = "hl-current";
      else if (others.some((e) => e.start <= a && b <= e.end)) span.className = "hl-other";
      fragment.appendChild(span);
    }
    textBox.replaceChildren(fragment);
  }

  function pointOf(node, offset) { // a DOM selection point -> code-point offset, or null
    if (node.nodeType === Node.TEXT_NODE) {
      const span = node.parentElement.closest("[data-o]");
      if (!span || !textBox.contains(span)) return null;
      return cpOf(u16[Number(span.dataset.o)] + offset);
    }
    if (node === textBox) {
      if (offset >= textBox.childNodes.length) return CPS.length;
      return Number(textBox.childNodes[offset].dataset.o);
    }
    const span = node.closest && node.closest("[data-o]");
    if (!span || !textBox.contains(span)) return null;
    const start = Number(span.dataset.o);
    return offset === 0 ? start : start + Array.from(span.textContent).length;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    let start = pointOf(range.startContainer, range.startOffset);
    let end = pointOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    while (start < end && /\s/u.test(CPS[start])) start++; // a span never starts or ends
    while (end > start && /\s/u.test(CPS[end - 1])) end--; // with white space
    return end > start ? { start, end } : null;
  }

  function addEvidence() {
    const span = selectedSpan();
    if (!span) return false;
    if (current < 0) { newClaim(slice(span.start, span.end)); }
    const evidence = claims[current].evidence;
    if (!evidence.some((e) => e.start === span.start && e.end === span.end)) {
      evidence.push(span);
      evidence.sort((a, b) => a.start - b.start);
    }
    window.getSelection().removeAllRanges();
    dirty();
    render();
    return true;
  }
  textBox.addEventListener("mouseup", () => { addEvidence(); });

  // --- claims ---------------------------------------------------------------------------
  function newClaim(text) {
    claims.push({ text: text || "", kind: "fact", attributed_to: "", evidence: [], proposed: false });
    current = claims.length - 1;
    dirty();
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  function renderClaims() {
    list.replaceChildren();
    claims.forEach((claim, i) => {
      const item = el("li", { className: "claim" + (i === current ? " current" : "") });
      item.dataset.index = String(i);
      item.addEventListener("focusin", () => select(i));
      item.addEventListener("click", (event) => {
        if (event.target === item || event.target.classList.contains("claim-head")) select(i);
      });
      const head = el("div", { className: "claim-head" }, [el("span", { className: "num", textContent: "#" + (i + 1) })]);
      if (claim.proposed) {
        head.append(el("span", { className: "proposed", textContent: "proposed" }));
        const accept = el("button", { type: "button", className: "accept", textContent: "accept", title: "accept (a)" });
        accept.addEventListener("click", () => { claim.proposed = false; dirty(); render(); });
        head.append(accept);
      }
      const remove = el("button", { type: "button", className: "delete", textContent: "delete", title: "delete (Delete)" });
      remove.addEventListener("click", () => deleteClaim(i));
      head.append(remove);
      const text = el("textarea", { className: "claim-text", rows: 2, value: claim.text, placeholder: "the claim, standing on its own" });
      text.addEventListener("input", () => { claim.text = text.value; dirty(); });
      const kind = el("select", { className: "claim-kind" });
      for (const k of DATA.kinds) kind.append(el("option", { value: k, textContent: k }));
      kind.value = claim.kind;
      kind.addEventListener("change", () => { claim.kind = kind.value; dirty(); });
      const who = el("input", { className: "claim-attribution", value: claim.attributed_to, placeholder: "attributed to (empty: the document's own voice)", autocomplete: "off" });
      who.setAttribute("list", "sources");
      who.addEventListener("input", () => { claim.attributed_to = who.value; dirty(); });
      const spans = el("ul", { className: "evidence" });
      claim.evidence.forEach((e, k) => {
        const x = el("button", { type: "button", className: "remove-span", textContent: "×", title: "remove this span" });
        x.addEventListener("click", () => { claim.evidence.splice(k, 1); dirty(); render(); });
        spans.append(el("li", {}, [el("q", { textContent: slice(e.start, e.end) }), el("small", { textContent: ` [${e.start}:${e.end}] ` }), x]));
      });
      if (!claim.evidence.length) spans.append(el("li", { className: "hint", textContent: "no evidence yet: select it in the text" }));
      const error = (field) => { const d = el("div", { className: "error" }); d.dataset.errorFor = `claims.${i}${field}`; return d; };
      item.append(head, text, error(".text"), el("div", { className: "row" }, [kind, who]), error(".kind"), error(".attributed_to"), spans, error(".evidence"), error(""));
      list.append(item);
    });
    $("claim-count").textContent = `(${claims.length})`;
  }

  function render() { renderClaims(); renderText(); }

  function select(i) {
    if (i === current || i < 0 || i >= claims.length) return;
    current = i;
    for (const item of list.children) item.classList.toggle("current", Number(item.dataset.index) === i);
    renderText();
  }

  function deleteClaim(i) {
    claims.splice(i, 1);
    if (current >= claims.length) current = claims.length - 1;
    dirty();
    render();
  }

  // --- saving ---------------------------------------------------------------------------
  let unsaved = false;
  function dirty() { unsaved = true; }
  window.addEventListener("beforeunload", (event) => { if (unsaved) event.preventDefault(); });

  function clearErrors() {
    for (const node of document.querySelectorAll(".error")) node.textContent = "";
    for (const node of document.querySelectorAll(".invalid")) node.classList.remove("invalid");
  }

  function showError(field, text) {
    // The most specific place on the page for a dotted field: claims.3.evidence.0.start is
    // shown under claim 3's evidence, key_points.2 under the key points.
    let parts = (field || "").split(".");
    while (parts.length) {
      const key = parts.join(".");
      const box = document.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
      if (box) {
        box.textContent = text;
        const claim = box.closest(".claim");
        (claim || box.previousElementSibling || box).classList.add("invalid");
        box.scrollIntoView({ block: "center" });
        return;
      }
      parts = parts.slice(0, -1);
    }
    message.textContent = text;
  }

  async function save(nextStatus) {
    if (nextStatus === "done") {
      const pending = claims.findIndex((c) => c.proposed);
      if (pending >= 0) {
        clearErrors();
        showError(`claims.${pending}`, "accept or delete each proposed claim before marking the document done");
        return;
      }
    }
    const body = {
      version,
      status: nextStatus,
      kind: $("doc-kind").value.trim() || null,
      summary: $("summary").value,
      key_points: $("key-points").value.split("\n").map((s) => s.trim()).filter((s) => s),
      claims: claims.map((c) => ({
        text: c.text,
        kind: c.kind,
        attributed_to: c.attributed_to.trim() ? c.attributed_to.trim() : null,
        evidence: c.evidence.map((e) => ({ quote: slice(e.start, e.end), start: e.start, end: e.end })),
      })),
    };
    message.textContent = "saving…";
    message.className = "";
    let response, answer;
    try {
      response = await fetch(`/api/doc/${encodeURIComponent(DATA.id)}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-label-token": TOKEN },
        body: JSON.stringify(body),
      });
      answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    } catch (error) {
      message.textContent = `not saved: ${error}`;
      message.className = "bad";
      return;
    }
    clearErrors();
    if (response.ok) {
      version = answer.version;
      status = answer.status;
      unsaved = false;
      const badge = $("status");
      badge.textContent = status;
      badge.className = `status status-${status}`;
      message.textContent = `saved (${status})`;
      message.className = "good";
      return;
    }
    message.className = "bad";
    if (answer.invalid) {
      message.textContent = "not saved: fix the marked field";
      showError(answer.field, answer.error);
    } else {
      message.textContent = `not saved: ${answer.error}`;
    }
  }
  $("save-draft").addEventListener("click", () => save("draft"));
  $("save-done").addEventListener("click", () => save("done"));
  $("add-claim").addEventListener("click", () => { newClaim(""); render(); focusClaim(); });
  for (const id of ["doc-kind", "summary", "key-points"]) $(id).addEventListener("input", dirty);

  function focusClaim() {
    const item = list.querySelector(".claim.current");
    if (item) { item.scrollIntoView({ block: "nearest" }); item.querySelector(".claim-text").focus(); }
  }

  // --- keyboard -------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save("draft"); return; }
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); save("done"); return; }
    const typing = event.target.closest && event.target.closest("input, textarea, select");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const k = event.key;
    if (k === "n") { newClaim(""); render(); focusClaim(); }
    else if (k === "j") { select(Math.min(current + 1, claims.length - 1)); scrollCurrent(); }
    else if (k === "k") { select(Math.max(current - 1, 0)); scrollCurrent(); }
    else if (k === "a" && current >= 0) { claims[current].proposed = false; dirty(); render(); }
    else if (k === "e") { addEvidence(); }
    else if (k === "Delete" && current >= 0) { deleteClaim(current); }
    else if (k >= "1" && k <= "5" && current >= 0) { claims[current].kind = DATA.kinds[Number(k) - 1]; dirty(); render(); }
    else if (k === "?") { window.open("/guideline", "guideline"); }
    else return;
    event.preventDefault();
  });
  function scrollCurrent() { const item = list.querySelector(".claim.current"); if (item) item.scrollIntoView({ block: "nearest" }); }

  render();
})();
