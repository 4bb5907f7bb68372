// The Noblesse playground: role-play with a demanding customer, check drafts, read today's tip.
// Talks to /api/playground/. Every text from users or the coach is put on the page with
// textContent, never parsed as HTML, so nothing anyone types can become markup.

import { LANGS, t } from "./i18n.js";
import { footingChart, gauge, highlight, rose, stanceMark } from "./drawing.js";

const API = "/api/playground";
const LANG_KEY = "noblesse-lang";
const TAB_KEY = "noblesse-tab";

const state = {
  lang: "en",
  tab: "",
  busy: false,
  session: { active: false, turns: 0 },
  pendingMine: null, // the salesperson message waiting for its verdict
  lastPoint: null, // the last verdict, for the big rose
  sessionLangTouched: false,
};

const $ = (id) => document.getElementById(id);

function element(tag, className = "", text = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null && text !== undefined) node.textContent = String(text);
  return node;
}

// --- language ---------------------------------------------------------------------------

function initialLang() {
  const stored = localStorage.getItem(LANG_KEY);
  if (LANGS.includes(stored)) return stored;
  const browser = (navigator.language || "en").toLowerCase();
  return browser.startsWith("nl") ? "nl" : "en";
}

function applyTexts() {
  const lang = state.lang;
  document.documentElement.lang = lang;
  document.title = t(lang, "pageTitle");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(lang, node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(lang, node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", t(lang, node.dataset.i18nAriaLabel));
  }
  for (const button of document.querySelectorAll(".lang-switch button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  if (!state.sessionLangTouched) $("session-lang").value = lang;
  drawBigRose();
}

async function switchLanguage(lang) {
  if (!LANGS.includes(lang) || lang === state.lang) return;
  state.lang = lang;
  localStorage.setItem(LANG_KEY, lang);
  applyTexts();
  try {
    await api("language", { locale: lang });
    await loadScenarios();
  } catch (error) {
    showStatus(error.message);
  }
}

// --- the API ----------------------------------------------------------------------------

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function newTabId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function tabId() {
  let id = sessionStorage.getItem(TAB_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = newTabId();
    sessionStorage.setItem(TAB_KEY, id);
  }
  return id;
}

function timezone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    return "";
  }
}

async function api(action, body = {}, method = "POST") {
  const common = { locale: state.lang, tab: state.tab, timezone: timezone() };
  let response;
  try {
    if (method === "GET") {
      const query = new URLSearchParams(common);
      response = await fetch(`${API}/${action}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } else {
      response = await fetch(`${API}/${action}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ ...common, ...body }),
        credentials: "same-origin",
      });
    }
  } catch {
    throw new ApiError(t(state.lang, "networkError"), 0);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = data && data.error && data.error.message;
    throw new ApiError(message || t(state.lang, "networkError"), response.status);
  }
  return data || { replies: [] };
}

// --- status, busy, buttons --------------------------------------------------------------

function showStatus(message) {
  $("status").textContent = message || "";
}

function setBusy(busy) {
  state.busy = busy;
  $("chat").setAttribute("aria-busy", String(busy));
  if (busy) showStatus(t(state.lang, "working"));
  else if ($("status").textContent === t(state.lang, "working")) showStatus("");
  updateControls();
}

function updateControls() {
  const active = state.session.active;
  const idle = !state.busy;
  $("message").disabled = !active;
  $("send").disabled = !(active && idle);
  $("hint").disabled = !(active && idle);
  $("rewind").disabled = !(active && idle && state.session.turns > 0);
  $("end").disabled = !(active && idle);
  $("start").disabled = !idle;
  $("start").textContent = t(state.lang, active ? "restartButton" : "startButton");
}

function setSession(session) {
  if (session) state.session = { active: Boolean(session.active), turns: Number(session.turns) || 0 };
  updateControls();
}

// --- the conversation -------------------------------------------------------------------

function chat() {
  return $("chat");
}

function clearChat() {
  chat().replaceChildren();
  state.pendingMine = null;
  state.lastPoint = null;
  drawBigRose();
}

function appendItem(node) {
  const empty = chat().querySelector(".chat-empty");
  if (empty) empty.remove();
  chat().appendChild(node);
  node.scrollIntoView({ block: "nearest", behavior: "smooth" });
  return node;
}

function appendMine(text, turn) {
  const item = element("li", "msg me");
  item.dataset.turn = String(turn);
  item.appendChild(element("div", "who", t(state.lang, "you")));
  const bubble = element("p", "bubble", text);
  bubble.dataset.text = text;
  item.appendChild(bubble);
  return appendItem(item);
}

function renderBriefing(reply) {
  const item = element("li", "briefing");
  item.dataset.turn = "0";
  item.appendChild(element("h3", "", reply.title));
  const meta = `${reply.customer_name}, ${reply.customer_role} — ${reply.company} · ${t(state.lang, `difficulty_${reply.difficulty}`)}`;
  item.appendChild(element("p", "meta", meta));
  const details = element("details");
  details.open = true;
  details.appendChild(element("summary", "", t(state.lang, "briefingTitle")));
  details.appendChild(element("p", "", reply.briefing));
  item.appendChild(details);
  appendItem(item);
}

function renderCustomer(reply) {
  const item = element("li", "msg customer");
  item.dataset.turn = String(reply.turn);
  item.lang = reply.lang;
  item.appendChild(element("div", "who", reply.speaker));
  item.appendChild(element("p", "bubble", reply.line));
  appendItem(item);
  if (reply.outcome) state.session = { active: false, turns: state.session.turns };
}

function stanceHead(assessment) {
  const head = element("div", "verdict-head");
  const pill = element("span", `pill stance-${assessment.stance}`);
  pill.textContent = `${stanceMark(assessment.stance)} ${t(state.lang, `stance_${assessment.stance}`)}`;
  head.appendChild(pill);
  head.appendChild(element("span", "note", t(state.lang, `stanceNote_${assessment.stance}`)));
  return head;
}

function quotedWords(assessment) {
  const quotes = [...new Set((assessment.evidence || []).map((item) => item.quote).filter((q) => q && q.trim()))];
  const line = element("p", "deciding");
  line.appendChild(element("strong", "", `${t(state.lang, "decidingWords")}: `));
  if (quotes.length === 0) {
    line.append(t(state.lang, "noDecidingWords"));
  } else {
    quotes.forEach((quote, index) => {
      if (index > 0) line.append(", ");
      line.appendChild(element("q", "", quote));
    });
  }
  return line;
}

function renderVerdict(reply) {
  const assessment = reply.assessment;
  const mine = state.pendingMine;
  const turn = mine ? Number(mine.dataset.turn) : state.session.turns + 1;
  if (mine) {
    const bubble = mine.querySelector(".bubble");
    highlight(bubble, bubble.dataset.text || bubble.textContent, assessment.evidence);
    mine.classList.add(`stance-${assessment.stance}`);
    mine.classList.remove("pending");
  }
  state.pendingMine = null;
  const item = element("li", `verdict stance-${assessment.stance}`);
  item.dataset.turn = String(turn);
  item.dataset.stance = assessment.stance;
  item.dataset.dominance = String(assessment.dominance);
  item.dataset.affiliation = String(assessment.affiliation);
  const body = element("div", "verdict-body");
  body.appendChild(rose(state.lang, assessment, { mini: true }));
  const words = element("div", "verdict-words");
  words.appendChild(element("span", "visually-hidden", `${t(state.lang, "verdictLabel")}: `));
  words.appendChild(stanceHead(assessment));
  words.appendChild(quotedWords(assessment));
  if (assessment.advice) words.appendChild(element("p", "advice", assessment.advice));
  body.appendChild(words);
  item.appendChild(body);
  appendItem(item);
  state.lastPoint = assessment;
  drawBigRose();
}

function renderNotice(reply) {
  const item = element("li", `notice kind-${reply.kind}`);
  item.lang = reply.lang;
  for (const [index, line] of String(reply.text).split("\n").entries()) {
    item.appendChild(element("p", index === 0 ? "" : "more", line));
  }
  if (reply.actions && reply.actions.length) item.appendChild(actionButtons(reply.actions));
  appendItem(item);
}

function actionButtons(actions) {
  const bar = element("div", "actions");
  for (const action of actions) {
    const handler = ACTIONS[action];
    if (!handler) continue;
    const button = element("button", action === "forget_confirm" ? "danger" : "", t(state.lang, `action_${action}`));
    button.type = "button";
    button.addEventListener("click", () => handler());
    bar.appendChild(button);
  }
  return bar;
}

function renderScorecard(reply) {
  const item = element("li", "scorecard");
  const heading = element("h3", "", `${t(state.lang, "scorecardTitle")}: ${reply.scenario_title}`);
  heading.tabIndex = -1;
  item.appendChild(heading);
  const facts = element("dl", "facts");
  const fact = (label, value) => {
    if (!value) return;
    facts.appendChild(element("dt", "", t(state.lang, label)));
    facts.appendChild(element("dd", "", value));
  };
  fact("outcomeLabel", reply.outcome_label);
  fact("trendLabel", reply.trend ? t(reply.lang, `trend_${reply.trend}`) : "");
  fact("roseSpotLabel", reply.rose_label);
  fact("givenAwayLabel", reply.given_away);
  fact("practiseNext", (reply.habit_labels || []).join(", "));
  item.appendChild(facts);
  const pictures = element("div", "scorecard-pictures");
  pictures.appendChild(footingChart(state.lang, reply.turns || []));
  const overall = {
    stance: overallStance(reply.rose_dominance),
    dominance: reply.rose_dominance,
    affiliation: reply.rose_affiliation,
  };
  const overallRose = rose(state.lang, overall);
  overallRose.classList.add("rose-medium");
  pictures.appendChild(overallRose);
  item.appendChild(pictures);
  item.appendChild(actionButtons(["start"]));
  appendItem(item);
  state.session = { active: false, turns: state.session.turns };
  state.lastPoint = overall;
  drawBigRose(reply.rose_label);
  heading.focus();
}

function overallStance(dominance) {
  if (dominance <= -0.3) return "submissive";
  if (dominance >= 0.3) return "dominant";
  return "balanced";
}

function renderReplies(replies) {
  for (const reply of replies || []) {
    switch (reply.type) {
      case "roleplay_started":
        clearChat();
        renderBriefing(reply);
        break;
      case "customer_line":
        renderCustomer(reply);
        break;
      case "salesperson":
        state.pendingMine = appendMine(reply.text, reply.turn);
        break;
      case "footing":
        renderVerdict(reply);
        break;
      case "scorecard":
        renderScorecard(reply);
        break;
      default:
        renderNotice({ kind: "info", actions: [], ...reply });
    }
  }
}

function trimToTurns(turns) {
  for (const node of [...chat().querySelectorAll("[data-turn]")]) {
    if (Number(node.dataset.turn) > turns) node.remove();
  }
  const verdicts = chat().querySelectorAll(".verdict");
  const last = verdicts[verdicts.length - 1];
  state.lastPoint = last
    ? { stance: last.dataset.stance, dominance: Number(last.dataset.dominance), affiliation: Number(last.dataset.affiliation) }
    : null;
  drawBigRose();
}

function drawBigRose(caption = null) {
  const holder = $("rose-big");
  holder.replaceChildren(rose(state.lang, state.lastPoint));
  if (caption) {
    $("rose-caption").textContent = caption;
  } else {
    $("rose-caption").textContent = state.lastPoint
      ? t(state.lang, "roseCaption", { stance: t(state.lang, `stance_${state.lastPoint.stance}`) })
      : t(state.lang, "roseCaptionEmpty");
  }
}

// --- actions ----------------------------------------------------------------------------

async function run(task) {
  if (state.busy) return;
  setBusy(true);
  try {
    await task();
    showStatus("");
  } catch (error) {
    showStatus(error.message);
  } finally {
    setBusy(false);
  }
}

function startRoleplay() {
  return run(async () => {
    const body = {
      scenario: $("scenario").value || null,
      difficulty: $("difficulty").value,
      lang: $("session-lang").value,
    };
    const data = await api("start", body);
    renderReplies(data.replies);
    setSession(data.session);
    $("message").disabled = false;
    $("message").focus();
  });
}

function sendTurn() {
  const box = $("message");
  const text = box.value;
  if (!text.trim() || state.busy || !state.session.active) return Promise.resolve();
  return run(async () => {
    const mine = appendMine(text, state.session.turns + 1);
    mine.classList.add("pending");
    state.pendingMine = mine;
    box.value = "";
    try {
      const data = await api("turn", { text });
      renderReplies(data.replies);
      setSession(data.session);
    } catch (error) {
      mine.remove();
      state.pendingMine = null;
      box.value = text;
      throw error;
    } finally {
      if (state.pendingMine === mine) {
        mine.classList.remove("pending");
        state.pendingMine = null;
      }
    }
    if (state.session.active) box.focus();
  });
}

function askHint() {
  return run(async () => {
    const data = await api("hint");
    renderReplies(data.replies);
    setSession(data.session);
  });
}

function rewind() {
  return run(async () => {
    const data = await api("rewind");
    setSession(data.session);
    trimToTurns(state.session.turns);
    renderReplies(data.replies);
    $("message").focus();
  });
}

function endRoleplay() {
  return run(async () => {
    const data = await api("end");
    renderReplies(data.replies);
    setSession(data.session);
  });
}

function checkDraft() {
  const text = $("draft").value;
  if (!text.trim()) {
    $("draft").focus();
    return Promise.resolve();
  }
  return run(async () => {
    const data = await api("feedback", { text });
    const result = $("draft-result");
    result.replaceChildren();
    for (const reply of data.replies) {
      if (reply.type === "feedback") result.appendChild(feedbackCard(text, reply.assessment));
      else result.appendChild(element("p", "notice-inline", reply.text));
    }
  });
}

function feedbackCard(text, assessment) {
  const card = element("div", `feedback stance-${assessment.stance}`);
  card.appendChild(stanceHead(assessment));
  card.appendChild(gauge(state.lang, assessment));
  const quoted = element("p", "quoted");
  highlight(quoted, text, assessment.evidence);
  card.appendChild(quoted);
  card.appendChild(quotedWords(assessment));
  if (assessment.advice) {
    card.appendChild(element("h3", "", t(state.lang, "adviceTitle")));
    card.appendChild(element("p", "advice", assessment.advice));
  }
  if (assessment.rewrite) {
    card.appendChild(element("h3", "", t(state.lang, "rewriteTitle")));
    const rewrite = element("blockquote", "rewrite", assessment.rewrite);
    rewrite.lang = assessment.lang;
    card.appendChild(rewrite);
    const copied = element("p", "copy-status");
    copied.setAttribute("role", "status");
    const button = element("button", "", t(state.lang, "copyButton"));
    button.type = "button";
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(assessment.rewrite);
        copied.textContent = t(state.lang, "copied");
      } catch {
        const range = document.createRange();
        range.selectNodeContents(rewrite);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copied.textContent = t(state.lang, "copyFailed");
      }
    });
    card.appendChild(button);
    card.appendChild(copied);
  }
  return card;
}

function showTip() {
  return run(async () => {
    const data = await api("tip");
    const holder = $("tip");
    holder.replaceChildren();
    for (const reply of data.replies) {
      if (reply.type !== "tip") {
        holder.appendChild(element("p", "", reply.text));
        continue;
      }
      const card = element("article", "tip-card");
      card.lang = reply.lang;
      card.appendChild(element("h3", "", reply.title));
      card.appendChild(element("p", "", reply.body));
      if (reply.exercise) {
        const exercise = element("p", "exercise");
        exercise.appendChild(element("strong", "", `${reply.exercise_label}: `));
        exercise.append(reply.exercise);
        card.appendChild(exercise);
      }
      holder.appendChild(card);
    }
  });
}

function showProgress() {
  return run(async () => {
    const data = await api("progress", {}, "GET");
    const holder = $("progress");
    holder.replaceChildren();
    for (const reply of data.replies) {
      if (reply.type === "progress") holder.appendChild(progressCard(reply));
      else holder.appendChild(element("p", "", reply.text));
    }
  });
}

function progressCard(report) {
  const lang = state.lang;
  const card = element("div", "progress-card");
  if (!report.sessions && !report.messages) {
    card.appendChild(element("p", "", t(lang, "progressNone")));
    return card;
  }
  const facts = element("dl", "facts");
  const fact = (label, value) => {
    facts.appendChild(element("dt", "", t(lang, label)));
    facts.appendChild(element("dd", "", value));
  };
  const outcomes = Object.entries(report.outcomes || {})
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${t(lang, `outcome_${outcome}`)} ${count}`)
    .join(", ");
  fact("progressRoleplays", outcomes ? `${report.sessions} (${outcomes})` : String(report.sessions));
  fact("progressMessages", String(report.messages));
  if (report.weakest_habit_label) fact("progressHabit", report.weakest_habit_label);
  card.appendChild(facts);
  const stances = ["submissive", "balanced", "dominant"];
  const total = stances.reduce((sum, stance) => sum + (report.stances[stance] || 0), 0);
  if (total > 0) {
    const parts = stances.map((stance) => `${t(lang, `stance_${stance}`)} ${report.stances[stance] || 0}`);
    const bar = element("div", "stance-bar");
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", t(lang, "progressStances", { parts: parts.join(", ") }));
    for (const stance of stances) {
      const count = report.stances[stance] || 0;
      if (!count) continue;
      const part = element("span", `stance-part stance-${stance}`, `${stanceMark(stance)} ${count}`);
      part.style.flexGrow = String(count);
      bar.appendChild(part);
    }
    card.appendChild(bar);
  }
  return card;
}

function forget(confirmed = false) {
  return run(async () => {
    const data = await api("forget", { confirmed });
    const holder = $("forget-result");
    holder.replaceChildren();
    for (const reply of data.replies) {
      const note = element("div", "notice-inline");
      note.appendChild(element("p", "", reply.text));
      if (!confirmed && reply.actions && reply.actions.length) note.appendChild(actionButtons(reply.actions));
      holder.appendChild(note);
    }
    if (data.forgotten) {
      clearChat();
      chat().appendChild(element("li", "chat-empty", t(state.lang, "emptyChat")));
      $("tip").replaceChildren();
      $("progress").replaceChildren();
      $("draft-result").replaceChildren();
      setSession({ active: false, turns: 0 });
    }
  });
}

const ACTIONS = {
  hint: askHint,
  rewind,
  end: endRoleplay,
  start: () => {
    $("start").focus();
    return startRoleplay();
  },
  tip: showTip,
  feedback: () => $("draft").focus(),
  forget_confirm: () => forget(true),
};

// --- start-up ---------------------------------------------------------------------------

async function loadScenarios() {
  const data = await api("scenarios", {}, "GET");
  const select = $("scenario");
  const chosen = select.value;
  const random = select.querySelector('option[value=""]');
  select.replaceChildren(random);
  for (const reply of data.replies) {
    if (reply.type !== "scenarios") continue;
    for (const scenario of reply.scenarios) {
      const option = element("option", "", scenario.title);
      option.value = scenario.id;
      select.appendChild(option);
    }
  }
  select.value = chosen;
  if (select.value !== chosen) select.value = "";
}

async function restoreSession() {
  const data = await api("session", {}, "GET");
  if (data.session && data.session.active) {
    renderReplies(data.replies);
    state.pendingMine = null;
  }
  setSession(data.session);
}

function wireEvents() {
  $("setup").addEventListener("submit", (event) => {
    event.preventDefault();
    startRoleplay();
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    sendTurn();
  });
  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendTurn();
    }
  });
  $("draft-form").addEventListener("submit", (event) => {
    event.preventDefault();
    checkDraft();
  });
  $("draft").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      checkDraft();
    }
  });
  $("session-lang").addEventListener("change", () => {
    state.sessionLangTouched = true;
  });
  $("hint").addEventListener("click", askHint);
  $("rewind").addEventListener("click", rewind);
  $("end").addEventListener("click", endRoleplay);
  $("tip-button").addEventListener("click", showTip);
  $("progress-button").addEventListener("click", showProgress);
  $("forget").addEventListener("click", () => forget(false));
  for (const button of document.querySelectorAll(".lang-switch button")) {
    button.addEventListener("click", () => switchLanguage(button.dataset.lang));
  }
}

async function main() {
  state.lang = initialLang();
  state.tab = tabId();
  wireEvents();
  applyTexts();
  updateControls();
  try {
    await loadScenarios();
    await restoreSession();
  } catch (error) {
    showStatus(error.message);
  }
  document.body.dataset.ready = "true";
}

main();
