// diemtin web page. Uses only the JSON API (/api/...). Every piece of article text is put
// into the page with textContent, never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);

/** Create an element; `text` goes in as textContent; `attrs` as attributes. */
function el(tag, opts = {}, children = []) {
  const node = document.createElement(tag);
  if (opts.cls) node.className = opts.cls;
  if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
  for (const [k, v] of Object.entries(opts.attrs || {})) node.setAttribute(k, String(v));
  for (const child of children) if (child) node.append(child);
  return node;
}

function clear(node) {
  node.replaceChildren();
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function api(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  $("busy").hidden = false;
  try {
    const res = await fetch(path, init);
    let data = null;
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
    if (!res.ok) {
      const msg = data && data.error ? data.error : `HTTP ${res.status}`;
      const err = new Error(msg);
      err.data = data;
      throw err;
    }
    return data;
  } finally {
    $("busy").hidden = true;
  }
}

// ---- formatting ---------------------------------------------------------------------------

function fmtDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" });
}

function span(start, end) {
  if (!start && !end) return "chưa rõ ngày đăng";
  const a = fmtDate(start);
  const b = fmtDate(end);
  return a === b || !b ? a : `${a} – ${b}`;
}

/** A short name for an article: its outlet, else its file name, else "Bài N". */
function sourceLabel(item, index) {
  if (item.outlet) return item.outlet;
  const path = item.source_path || item.source || "";
  if (path && !path.startsWith("<")) {
    const base = path.split(/[\\/]/).pop();
    if (base) return base;
  }
  return `Bài ${index + 1}`;
}

// ---- summary with citation markers ---------------------------------------------------------

function citeBox(citation, article) {
  const box = el("div", { cls: "cite-box", attrs: { role: "note" } });
  const index = citation.article;
  box.append(
    el("div", { cls: "cite-source", text: `[${index + 1}] ${sourceLabel(article || citation, index)}` }),
    el("div", { cls: "cite-title", text: citation.title || (article && article.title) || "" }),
    el("blockquote", { cls: "cite-text", text: citation.text }),
  );
  return box;
}

/** Fill `list` with the summary sentences and `sources` with the numbered source list. */
function renderSummary(summary, list, sources, storyArticles) {
  clear(list);
  clear(sources);
  const articles = summary.articles || [];
  for (const sentence of summary.sentences) {
    const li = el("li");
    li.append(el("span", { cls: "sentence", text: sentence.text }));
    const byArticle = new Map();
    for (const c of sentence.citations) if (!byArticle.has(c.article)) byArticle.set(c.article, c);
    const cited = [...byArticle.keys()].sort((a, b) => a - b);
    for (const idx of cited) {
      const citation = byArticle.get(idx);
      const art = articles[idx];
      const btn = el("button", {
        cls: "cite",
        text: `[${idx + 1}]`,
        attrs: {
          type: "button",
          "aria-expanded": "false",
          "aria-label": `Nguồn ${idx + 1}: ${sourceLabel(art || citation, idx)}`,
          "data-article": idx,
        },
      });
      btn.addEventListener("click", () => {
        const open = btn.getAttribute("aria-expanded") === "true";
        for (const b of li.querySelectorAll(".cite")) b.setAttribute("aria-expanded", "false");
        const old = li.querySelector(".cite-box");
        if (old) old.remove();
        if (!open) {
          btn.setAttribute("aria-expanded", "true");
          li.append(citeBox(citation, art));
        }
      });
      li.append(btn);
    }
    list.append(li);
  }
  articles.forEach((art, n) => {
    const parts = [sourceLabel(art, n), art.title ? `“${art.title}”` : "(không có tiêu đề)"];
    if (art.published) parts.push(fmtDate(art.published));
    const li = el("li", { text: parts.join(" — ") });
    const stored = storyArticles && storyArticles[n];
    if (stored && stored.id !== undefined) {
      const read = el("button", { cls: "secondary read", text: "Đọc bài", attrs: { type: "button" } });
      read.addEventListener("click", () => showArticle(stored.id));
      li.append(" ", read);
    }
    sources.append(li);
  });
}

// ---- views -------------------------------------------------------------------------------

function showView(name) {
  for (const v of ["list", "story", "new"]) $(`view-${v}`).hidden = v !== name;
  showError("");
}

async function viewList() {
  showView("list");
  const data = await api("GET", "/api/stories?limit=100");
  const list = $("story-list");
  clear(list);
  $("list-empty").hidden = data.stories.length > 0;
  for (const s of data.stories) {
    const meta = [
      s.outlets.length ? s.outlets.join(", ") : "",
      span(s.start, s.end),
      `${s.n_articles} bài`,
    ].filter(Boolean);
    list.append(
      el("li", {}, [
        el("a", { text: s.title, attrs: { href: `#/story/${s.id}` } }),
        el("div", { cls: "muted", text: meta.join(" · ") }),
      ]),
    );
  }
  const health = await api("GET", "/api/health");
  $("folder").hidden = !health.folder;
  if (health.folder) await viewFolder(".");
}

async function viewFolder(path) {
  const data = await api("GET", `/api/folder?path=${encodeURIComponent(path)}`);
  $("folder-path").textContent = `/${data.path === "." ? "" : data.path}`;
  const list = $("folder-entries");
  clear(list);
  if (data.path !== ".") {
    const up = data.path.split("/").slice(0, -1).join("/") || ".";
    const back = el("button", { cls: "secondary", text: "↑ Lên", attrs: { type: "button" } });
    back.addEventListener("click", () => viewFolder(up).catch((e) => showError(e.message)));
    list.append(el("li", {}, [back]));
  }
  for (const entry of data.entries) {
    const li = el("li");
    if (entry.type === "folder") {
      const open = el("button", { cls: "secondary", text: `📁 ${entry.name}`, attrs: { type: "button" } });
      open.addEventListener("click", () => viewFolder(entry.path).catch((e) => showError(e.message)));
      li.append(open);
    } else {
      li.append(el("span", { text: entry.name }));
    }
    const add = el("button", { text: "Lưu vào kho", attrs: { type: "button" } });
    add.addEventListener("click", async () => {
      try {
        const rep = await api("POST", "/api/folder/ingest", { paths: [entry.path] });
        if (rep.stories.length) location.hash = `#/story/${rep.stories[0]}`;
      } catch (e) {
        showError(e.message);
      }
    });
    li.append(add);
    list.append(li);
  }
}

async function viewStory(id) {
  showView("story");
  $("article-view").hidden = true;
  const story = await api("GET", `/api/stories/${encodeURIComponent(id)}`);
  $("story-title").textContent = story.title;
  const meta = [story.outlets.join(", "), span(story.start, story.end), `${story.n_articles} bài`];
  $("story-meta").textContent = meta.filter(Boolean).join(" · ");
  const errBox = $("story-summary-error");
  errBox.hidden = !story.summary_error;
  errBox.textContent = story.summary_error || "";
  if (story.summary) {
    renderSummary(story.summary, $("story-summary"), $("story-sources"), story.articles);
  } else {
    clear($("story-summary"));
    clear($("story-sources"));
  }
}

async function showArticle(id) {
  try {
    const art = await api("GET", `/api/articles/${encodeURIComponent(id)}`);
    $("article-title").textContent = art.title || "(không có tiêu đề)";
    const meta = [art.outlet, art.credit, fmtDate(art.published), art.url || art.source];
    $("article-meta").textContent = meta.filter(Boolean).join(" · ");
    const body = $("article-body");
    clear(body);
    for (const p of art.paragraphs) body.append(el("p", { text: p }));
    $("article-view").hidden = false;
    $("article-view").scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (e) {
    showError(e.message);
  }
}

function viewNew() {
  showView("new");
}

// ---- the paste / upload form ---------------------------------------------------------------

function pastedTexts() {
  return [...document.querySelectorAll("#texts textarea")]
    .map((t) => t.value)
    .filter((t) => t.trim());
}

function maxWords() {
  const v = parseInt($("max-words").value, 10);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function setBusy(busy) {
  $("summarize-btn").disabled = busy;
  $("store-btn").disabled = busy;
}

async function onSummarize(event) {
  event.preventDefault();
  showError("");
  setBusy(true);
  try {
    const texts = pastedTexts();
    for (const f of $("files").files) texts.push(await f.text());
    if (!texts.length) throw new Error("Hãy dán ít nhất một bài báo hoặc chọn tệp.");
    const body = { articles: texts };
    const mw = maxWords();
    if (mw) body.max_words = mw;
    const summary = await api("POST", "/api/summarize", body);
    renderSummary(summary, $("new-summary"), $("new-sources"));
    $("new-result").hidden = false;
  } catch (e) {
    showError(e.message);
  } finally {
    setBusy(false);
  }
}

async function onStore() {
  showError("");
  setBusy(true);
  try {
    const form = new FormData();
    for (const t of pastedTexts()) form.append("text", t);
    for (const f of $("files").files) form.append("files", f, f.name);
    if (![...form.keys()].length) throw new Error("Hãy dán ít nhất một bài báo hoặc chọn tệp.");
    const rep = await api("POST", "/api/articles", form);
    if (rep.stories.length) location.hash = `#/story/${rep.stories[0]}`;
    else location.hash = "#/";
  } catch (e) {
    showError(e.message);
  } finally {
    setBusy(false);
  }
}

function addTextBox() {
  const n = document.querySelectorAll("#texts textarea").length + 1;
  const area = el("textarea", { attrs: { name: "text", rows: 8, id: `text-${n}`, lang: "vi" } });
  const label = el("label", { text: `Bài ${n}` }, [area]);
  $("texts").append(label);
  area.focus();
}

// ---- routing -----------------------------------------------------------------------------

async function route() {
  const hash = location.hash || "#/";
  const m = hash.match(/^#\/story\/(\d+)$/);
  try {
    if (m) await viewStory(m[1]);
    else if (hash === "#/new") viewNew();
    else await viewList();
  } catch (e) {
    showError(e.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("new-form").addEventListener("submit", onSummarize);
  $("store-btn").addEventListener("click", onStore);
  $("add-text").addEventListener("click", addTextBox);
  window.addEventListener("hashchange", route);
  route();
});
