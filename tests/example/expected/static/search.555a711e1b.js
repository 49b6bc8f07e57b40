// The search page (/cari/): the catalogue's own results over Pagefind's JavaScript API.
//
// Pagefind (pagefind.js and its WebAssembly) is loaded with the first query, never before.
// Each result's highlighted words say whether Pagefind found a query word or only guessed:
// for a word its index lacks, Pagefind takes the longest word of the index that begins the
// query word ("sampah" finds "sampai", stemmed "sampa"), and shows it like any match. A
// result is an exact match when, for every word of the query, one of its highlighted words
// has a stem that begins with the stem of that query word: exactly what Pagefind matches
// when it does not guess (the same Indonesian Snowball stemmer as Pagefind, below). Other
// results are listed after the exact ones, under their own heading; the count the page
// announces counts exact matches. With no exact match, the page offers the catalogue's names
// (search-names.*.json, built with the site) that are within a small edit distance of the
// query, and the ways to browse. README, "Search and accessibility", explains the rules.

export const PAGE_SIZE = 10;  // results whose text is loaded at a time
const DEBOUNCE_MS = 300;  // after the last key typed
const SUGGESTIONS = 3;  // names offered at most

// ---- Words, as Pagefind reads them ----------------------------------------------------

// Pagefind drops these from a query (dashes, brackets, quotes and other punctuation).
const QUERY_PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;

export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// The words Pagefind searches for: lower case, punctuation dropped, accents folded.
export function queryWords(query) {
  return fold(query.replace(QUERY_PUNCTUATION, "")).split(/\s+/).filter(Boolean);
}

// The forms a word of a page is indexed under: the word with only its letters and digits,
// and, when it holds other characters, each of its parts ("e-KTP": "ektp", "e", "ktp";
// "(DinasKesehatan)": also "dinas", "kesehatan"), as Pagefind's indexer splits compounds.
export function indexedForms(word) {
  const plain = fold(word.replace(/[^\p{L}\p{N}]/gu, ""));
  const forms = plain ? [plain] : [];
  if (/[^\p{L}\p{N}]/u.test(word)) {
    const parts = word
      .replace(/[!-/:-@[-`{-~]/g, " ")  // ASCII punctuation
      .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")  // camelCase
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")  // ABCWord
      .replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, (match, a, b, c, d) => a ? `${a} ${b}` : `${c} ${d}`);
    for (const part of fold(parts).split(/\s+/)) {
      const kept = part.replace(/[^\p{L}\p{N}]/gu, "");
      if (kept.length > 1 && !forms.includes(kept)) forms.push(kept);
    }
  }
  return forms;
}

// ---- The Indonesian Snowball stemmer, as Pagefind's (pagefind_stem, Snowball 2.2) -----

const VOWEL = /[aeiou]/;

export function stem(word) {
  let measure = (word.match(/[aeiou]/g) || []).length;
  if (measure <= 2) return word;
  let prefix = 0;  // 1: di-, meng-, ter-; 2: per-, pe-; 3: ke-, peng-; 4: ber-
  // Particles, then possessive pronouns.
  if (/(kah|lah|pun)$/.test(word)) { word = word.slice(0, -3); measure -= 1; }
  if (measure <= 2) return word;
  if (word.endsWith("nya")) { word = word.slice(0, -3); measure -= 1; }
  else if (/(ku|mu)$/.test(word)) { word = word.slice(0, -2); measure -= 1; }
  if (measure <= 2) return word;

  const suffix = () => {
    if (word.endsWith("kan") && prefix !== 3 && prefix !== 2) { word = word.slice(0, -3); }
    else if (word.endsWith("an") && prefix !== 1) { word = word.slice(0, -2); }
    else if (word.endsWith("i") && prefix <= 2 && !word.endsWith("si")) { word = word.slice(0, -1); }
    else return false;
    measure -= 1;
    return true;
  };
  // The second-order prefix is sought where the first-order one ended: after the "p" or "s"
  // that replaced meN- or peN- ("pemerintahan": "perintahan", not "intahan"), else at the start.
  const secondOrderPrefix = (at) => {
    const head = word.slice(0, at);
    const rest = word.slice(at);
    if (rest.startsWith("belajar")) { word = head + "ajar" + rest.slice(7); prefix = 4; }
    else if (rest.startsWith("ber")) { word = head + rest.slice(3); prefix = 4; }
    else if (/^be[^aeiou]er/.test(rest)) { word = head + rest.slice(2); prefix = 4; }
    else if (rest.startsWith("pelajar")) { word = head + "ajar" + rest.slice(7); }
    else if (rest.startsWith("per")) { word = head + rest.slice(3); prefix = 2; }
    else if (rest.startsWith("pe")) { word = head + rest.slice(2); prefix = 2; }
    else return false;
    measure -= 1;
    return true;
  };
  // Returns where the rest of the word starts (1 after a replacing "p" or "s"), or -1.
  const firstOrderPrefix = () => {
    const vowelAt = (index) => VOWEL.test(word.charAt(index));
    let at = 0;
    if (word.startsWith("meng")) { word = word.slice(4); prefix = 1; }
    else if (word.startsWith("meny") && vowelAt(4)) { word = "s" + word.slice(4); prefix = 1; at = 1; }
    else if (word.startsWith("men")) { word = word.slice(3); prefix = 1; }
    else if (word.startsWith("mem")) { at = vowelAt(3) ? 1 : 0; word = (at ? "p" : "") + word.slice(3); prefix = 1; }
    else if (word.startsWith("me")) { word = word.slice(2); prefix = 1; }
    else if (word.startsWith("di")) { word = word.slice(2); prefix = 1; }
    else if (word.startsWith("ter")) { word = word.slice(3); prefix = 1; }
    else if (word.startsWith("ke")) { word = word.slice(2); prefix = 3; }
    else if (word.startsWith("peng")) { word = word.slice(4); prefix = 3; }
    else if (word.startsWith("peny") && vowelAt(4)) { word = "s" + word.slice(4); prefix = 3; at = 1; }
    else if (word.startsWith("pen")) { word = word.slice(3); prefix = 3; }
    else if (word.startsWith("pem")) { at = vowelAt(3) ? 1 : 0; word = (at ? "p" : "") + word.slice(3); prefix = 3; }
    else return -1;
    measure -= 1;
    return at;
  };

  const at = firstOrderPrefix();
  if (at >= 0) {
    if (measure > 2 && suffix() && measure > 2) secondOrderPrefix(at);
  } else {
    secondOrderPrefix(0);
    if (measure > 2) suffix();
  }
  return word;
}

// ---- Exact or approximate -------------------------------------------------------------

// The words Pagefind highlighted in a result (its data()): the page's words at their locations.
export function highlightedWords(data) {
  const text = data.raw_content || data.content || "";
  const words = text.includes("\u200B") ? text.split("\u200B") : text.split(/[\r\n\s]+/g);
  return [...new Set((data.locations || []).map((location) => words[location]).filter(Boolean))];
}

// Which query words (their index in ``terms``) a result's highlighted words match exactly.
export function matchedTerms(terms, highlighted) {
  const stems = new Set();
  for (const word of highlighted) {
    for (const form of indexedForms(word)) stems.add(stem(form));
  }
  const matched = new Set();
  terms.forEach((term, index) => {
    const wanted = stem(term);
    for (const found of stems) {
      if (found.startsWith(wanted)) { matched.add(index); break; }
    }
  });
  return matched;
}

export function isExact(terms, highlighted) {
  return terms.length > 0 && matchedTerms(terms, highlighted).size === terms.length;
}

// ---- "Did you mean": the catalogue's names within a small edit distance ---------------

// A name as compared: lower case, accents dropped, letters and digits only ("Si Bulan": "sibulan").
export function nameKey(name) {
  if (/^[\x00-\x7f]*$/.test(name)) return name.toLowerCase().replace(/[^a-z0-9]/g, "");  // most names: faster
  return fold(name).replace(/[^\p{L}\p{N}]/gu, "");
}

// How many edits a query of this length may be from a name: 1 up to 4 letters, 2 up to 8, then 3.
export function allowedEdits(length) {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

// Edits (insert, delete, replace, swap two neighbours) from a to b, or limit + 1 when more than limit.
// Only the band of width 2 * limit + 1 is computed, in three rows kept between calls, and it stops
// as soon as a whole row is past the limit.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const far = limit + 1;
  const n = b.length;
  if (rows[0].length < n + 2) rows = rows.map(() => new Int32Array(n + 2));
  let [before, previous, current] = rows;
  for (let j = 0; j <= n + 1; j += 1) previous[j] = j <= limit ? j : far;
  for (let i = 1; i <= a.length; i += 1) {
    const from = Math.max(1, i - limit);
    const to = Math.min(n, i + limit);
    current[0] = i <= limit ? i : far;
    current[from - 1] = from > 1 ? far : current[0];
    let best = i <= limit ? i : far;
    const ai = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let value = previous[j - 1] + (ai === bj ? 0 : 1);
      if (previous[j] + 1 < value) value = previous[j] + 1;
      if (current[j - 1] + 1 < value) value = current[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && before[j - 2] + 1 < value) {
        value = before[j - 2] + 1;
      }
      current[j] = value < far ? value : far;
      if (current[j] < best) best = current[j];
    }
    current[to + 1] = far;
    if (best > limit) return far;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n] < far ? previous[n] : far;
}

// A lower bound of the edits from a to b, cheap: letters one has and the other lacks (counted in
// 64 buckets; letters sharing one only make the bound lower, never wrong).
const counts = new Int32Array(64);

function fewestEdits(a, b) {
  counts.fill(0);
  for (let i = 0; i < a.length; i += 1) counts[a.charCodeAt(i) & 63] += 1;
  for (let i = 0; i < b.length; i += 1) counts[b.charCodeAt(i) & 63] -= 1;
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < 64; i += 1) {
    if (counts[i] > 0) more += counts[i]; else fewer -= counts[i];
  }
  return Math.max(more, fewer);
}

// Up to ``count`` names nearest the query (fewest edits, then the name's order in the list),
// none equal to it, none further than allowedEdits. ``names``: [[key, name], ...].
export function suggest(query, names, count = SUGGESTIONS) {
  const wanted = nameKey(query);
  if (wanted.length < 3 || wanted.length > 80) return [];
  const limit = allowedEdits(wanted.length);
  const found = [];
  names.forEach(([key, name], order) => {
    if (key === wanted || Math.abs(key.length - wanted.length) > limit || fewestEdits(wanted, key) > limit) return;
    const edits = editDistance(wanted, key, limit);
    if (edits <= limit) found.push([edits, order, name]);
  });
  found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return found.slice(0, count).map((item) => item[2]);
}

// ---- The page --------------------------------------------------------------------------

// Filters in the order of a case page's facts box; any other comes after, by name.
const FILTER_ORDER = ["Halaman", "Perangkat daerah", "Urusan", "Tahap", "Jenis", "Bentuk", "Inisiator", "Tahun",
  "Penghargaan"];

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// Pagefind's excerpt holds the page's text with <mark> around the highlighted words; it is read
// into an inert document and only its text and marks are kept.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const nodes = [];
  for (const child of parsed.body.firstChild ? parsed.body.firstChild.childNodes : []) {
    nodes.push(child.nodeName === "MARK" ? element("mark", { text: child.textContent })
      : document.createTextNode(child.textContent));
  }
  return nodes;
}

function quoted(text) {
  return `\u201C${text}\u201D`;
}

function start() {
  const root = document.getElementById("pencarian");
  if (!root) return;
  const form = document.getElementById("cari-form");
  const input = document.getElementById("cari-halaman");
  const status = document.getElementById("status-pencarian");
  const summary = document.getElementById("ringkasan");
  const suggestion = document.getElementById("saran-nama");
  const exactList = document.getElementById("hasil-persis");
  const approximate = document.getElementById("mirip");
  const approximateList = document.getElementById("hasil-mirip");
  const more = document.getElementById("lebih-banyak");
  const filtersPanel = document.getElementById("saringan");
  const filterGroups = document.getElementById("saringan-isi");
  const clearFilters = document.getElementById("hapus-saringan");
  const waysForward = document.getElementById("jalan-lain");
  const bundle = new URL(root.dataset.bundle, window.location.href).href;
  const siteRoot = new URL(root.dataset.root || "./", window.location.href).pathname;
  const namesUrl = root.dataset.names ? new URL(root.dataset.names, window.location.href).href : null;

  let pagefind = null;  // loaded with the first query
  let names = null;  // [[key, name], ...], fetched with the first query without an exact match
  let run = 0;  // the latest search; an older one that finishes late is dropped
  let timer = null;
  let state = null;
  const selected = new Map();  // filter name -> Set of values

  for (const node of [form, root.querySelector(".search-results")]) node.hidden = false;
  if (window.matchMedia("(min-width: 60rem)").matches) filtersPanel.open = true;  // beside the results

  async function loadPagefind() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(async (module) => {
        await module.options({ baseUrl: siteRoot });
        return module;
      });
    }
    return pagefind;
  }

  async function loadNames() {
    if (!names) {
      names = (namesUrl ? fetch(namesUrl).then((response) => (response.ok ? response.json() : []))
        : Promise.resolve([])).then((list) => (Array.isArray(list) ? list : []).map((name) => [nameKey(String(name)), String(name)]))
        .catch(() => []);
    }
    return names;
  }

  function chosenFilters() {
    const filters = {};
    for (const [name, values] of selected) {
      if (values.size) filters[name] = [...values];
    }
    return filters;
  }

  function keepInAddress(query) {
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  function clear() {
    run += 1;
    state = null;
    for (const node of [exactList, approximateList]) node.replaceChildren();
    for (const node of [summary, suggestion, approximate, more, waysForward, filtersPanel]) node.hidden = true;
    status.textContent = "";
    root.removeAttribute("aria-busy");
    delete root.dataset.selesai;
  }

  // A search is read in full (results, counts, suggestion, filters) before anything on the page
  // changes, and then shown at once: nothing moves under the reader's eyes (or finger) twice.
  async function search(query, { focus = false } = {}) {
    const mine = ++run;
    const terms = queryWords(query);
    if (!terms.length) {
      clear();
      return;
    }
    root.setAttribute("aria-busy", "true");
    try {
      const module = await loadPagefind();
      const found = await module.search(query, { filters: chosenFilters() });
      if (mine !== run) return;
      const next = { query, terms, results: found.results, shown: [], found };
      const items = await load(next);
      const view = await prepare(next);
      if (mine !== run) return;
      state = next;
      exactList.replaceChildren(...items.filter((item) => item.exact).map((item) => item.node));
      approximateList.replaceChildren(...items.filter((item) => !item.exact).map((item) => item.node));
      show(view, focus);
    } catch (error) {
      if (mine !== run) return;
      clear();
      summary.hidden = false;
      summary.textContent = "Pencarian gagal dimuat. Muat ulang halaman ini, atau jelajahi katalog.";
      status.textContent = summary.textContent;
      waysForward.hidden = false;
      root.dataset.selesai = query;
    }
  }

  // The text of the next PAGE_SIZE results, each judged exact or approximate.
  async function load(search) {
    const next = search.results.slice(search.shown.length, search.shown.length + PAGE_SIZE);
    const loaded = await Promise.all(next.map((found) => found.data()));
    return loaded.map((data) => {
      const item = { data, exact: isExact(search.terms, highlightedWords(data)), node: result(data) };
      search.shown.push(item);
      return item;
    });
  }

  function result(data) {
    const kind = (data.filters && data.filters.Halaman || [])[0];
    const agency = (data.filters && data.filters["Perangkat daerah"] || [])[0];
    const about = [kind, kind === "Inovasi" ? agency : null].filter(Boolean).join(" \u00B7 ");
    return element("li", { class: "result" },
      element("h3", { class: "result-title" }, element("a", { href: data.url, text: (data.meta && data.meta.title) || data.url })),
      about ? element("p", { class: "result-about", text: about }) : null,
      element("p", { class: "result-excerpt" }, ...excerptNodes(data.excerpt || "")));
  }

  // Counts, suggestion and filters for what has been loaded. Pagefind guesses a query word for
  // every page or for none (it guesses only when its index has no word beginning with it), so
  // results not loaded yet count as the loaded ones show: exact when every query word has been
  // matched exactly somewhere.
  async function prepare(search) {
    const { query, terms, results, shown, found } = search;
    const matched = new Set();
    for (const item of shown) {
      for (const index of matchedTerms(terms, highlightedWords(item.data))) matched.add(index);
    }
    const rest = results.length - shown.length;
    const exactCount = shown.filter((item) => item.exact).length + (matched.size === terms.length ? rest : 0);
    const offered = exactCount === 0 ? suggest(query, await loadNames()) : [];
    const filters = await filterPanel(found);
    return { query, exactCount, approximateCount: results.length - exactCount, rest, offered, filters };
  }

  function show(view, focus) {
    const { query, exactCount, approximateCount, rest, offered } = view;
    const where = Object.keys(chosenFilters()).length ? " dengan saringan yang dipilih" : "";
    let said;
    if (exactCount > 0) said = `Ditemukan ${exactCount} hasil untuk ${quoted(query)}${where}.`;
    else if (approximateCount > 0) said = `Tidak ada hasil yang persis untuk ${quoted(query)}${where}.`;
    else said = `Tidak ada hasil untuk ${quoted(query)}${where}.`;
    let heard = said;
    if (approximateCount > 0) {
      heard += exactCount > 0 ? ` Juga ${approximateCount} hasil yang mirip, di bawahnya.`
        : ` ${approximateCount} hasil yang mirip ditampilkan.`;
    }
    summary.textContent = said;
    summary.hidden = false;
    approximate.hidden = approximateList.childElementCount === 0;
    suggestion.replaceChildren();
    suggestion.hidden = offered.length === 0;
    if (offered.length) {
      suggestion.append("Mungkin maksud Anda: ");
      offered.forEach((name, index) => {
        if (index) suggestion.append(index === offered.length - 1 ? " atau " : ", ");
        const link = element("a", { href: `?q=${encodeURIComponent(name)}`, text: name });
        link.addEventListener("click", (event) => {
          if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          input.value = name;
          keepInAddress(name);
          search(name, { focus: true });
        });
        suggestion.append(link);
      });
      suggestion.append("?");
      heard += ` Mungkin maksud Anda: ${offered.join(", ")}?`;
    }
    more.hidden = rest <= 0;
    if (rest > 0) more.textContent = `Tampilkan ${Math.min(rest, PAGE_SIZE)} hasil berikutnya`;
    waysForward.hidden = exactCount > 0;
    filterGroups.replaceChildren(...view.filters);
    clearFilters.hidden = ![...selected.values()].some((set) => set.size);
    filtersPanel.hidden = view.filters.length === 0;
    status.textContent = heard;
    root.removeAttribute("aria-busy");
    root.dataset.selesai = query;
    if (focus) summary.focus();
  }

  let everyFilter = null;  // the index's filters and values, loaded once

  // The filter panel's groups, each a <details> of checkboxes with the count each would give.
  async function filterPanel(found) {
    const module = await loadPagefind();
    everyFilter = everyFilter || module.filters();
    const all = await everyFilter;
    const counts = found.filters || {};
    const groups = Object.keys(all).sort((a, b) => {
      const x = FILTER_ORDER.indexOf(a), y = FILTER_ORDER.indexOf(b);
      return (x < 0 ? FILTER_ORDER.length : x) - (y < 0 ? FILTER_ORDER.length : y) || a.localeCompare(b, "id");
    });
    const open = new Set([...filterGroups.querySelectorAll("details[open]")].map((node) => node.dataset.filter));
    return groups.map((name, groupIndex) => {
      const values = Object.keys(all[name]).sort((a, b) => a.localeCompare(b, "id", { numeric: true }));
      const chosen = selected.get(name) || new Set();
      const list = element("ul", { class: "filter-values" }, ...values.map((value, valueIndex) => {
        const id = `saring-${groupIndex}-${valueIndex}`;
        const box = element("input", { type: "checkbox", id, value, checked: chosen.has(value) });
        box.addEventListener("change", () => {
          const set = selected.get(name) || new Set();
          if (box.checked) set.add(value); else set.delete(value);
          selected.set(name, set);
          search(state ? state.query : input.value.trim());
        });
        const count = counts[name] && value in counts[name] ? counts[name][value] : 0;
        return element("li", {}, box, element("label", { for: id }, value, " ",
          element("span", { class: "filter-count", text: `(${count})` })));
      }));
      const picked = chosen.size ? ` (${chosen.size} dipilih)` : "";
      return element("details", { class: "filter", "data-filter": name, open: open.has(name) || chosen.size > 0 },
        element("summary", { text: name + picked }),
        element("fieldset", {}, element("legend", { class: "visually-hidden", text: name }), list));
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    keepInAddress(input.value.trim());
    search(input.value.trim(), { focus: true });
  });
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const query = input.value.trim();
    keepInAddress(query);
    timer = window.setTimeout(() => search(query), DEBOUNCE_MS);
  });
  more.addEventListener("click", async () => {
    if (!state) return;
    const mine = run;
    const shown = state;
    root.setAttribute("aria-busy", "true");
    const items = await load(shown);
    const view = await prepare(shown);
    if (mine !== run) return;
    for (const item of items) (item.exact ? exactList : approximateList).append(item.node);
    show(view, false);
    const link = items.length && items[0].node.querySelector("a");
    if (link) link.focus();
  });
  clearFilters.addEventListener("click", () => {
    selected.clear();
    search(state ? state.query : input.value.trim(), { focus: true });
  });

  const query = new URLSearchParams(window.location.search).get("q");
  root.dataset.siap = "";
  if (query && query.trim()) {
    input.value = query;
    search(query.trim());
  }
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
