// Katalog Inovasi's file formats for Decap CMS: read the catalogue's Markdown and YAML files, and
// write them back changing only what the editor changed.
//
// Decap's own YAML writer rewrites a whole file on every save: it folds long lines, drops quotes and
// comments, and orders keys by the configuration. These formats instead keep the file's text and
// replace only the parts whose value changed: a key of a mapping, an item of a list, recursively.
// A value that is equal to what the file held keeps its exact text (quotes, comments, blank lines,
// flow style), so opening an entry and saving it unchanged writes the same bytes, and editing the
// summary changes that one line. Keys the configuration does not know are kept where they are, and
// the order of lists is the editor's. What is written fresh is plain YAML that the catalogue's
// loader reads with the intended meaning: text quoted whenever a plain scalar would read as
// something else (yes, 2020, 0293...), whole dates (YYYY-MM-DD) plain, a year or a month of a
// partial date quoted, lists and mappings in block style; never an anchor, alias or tag.
//
// templates/admin/config.yml (python build.py cms) names one format per collection, katalog-<name>;
// this module reads that file, registers each format with the collection's fields (for the order
// and kind of each key), then starts the CMS (index.html sets CMS_MANUAL_INIT). Node runs the same
// functions in tests/test_cms_format.py.

import { CORE_SCHEMA, Type, load } from './js-yaml.js';

// What the loader reads: YAML 1.2's core types, plus YAML 1.1's yes/no/on/off, as PyYAML does.
const BOOL_11 = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: text => /^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text),
  construct: text => /^(yes|Yes|YES|on|On|ON)$/.test(text),
});
const SCHEMA = CORE_SCHEMA.extend({ implicit: [BOOL_11] });
// Where an entry's file, as it was read, travels with the entry's data (the CMS keeps keys it does
// not know), so that writing can start from it.
export const SOURCE = '__katalog_source';
export const LIST_KEY = 'items';
const PARTIAL_DATE = '^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$';
const WHOLE_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function parse(text) {
  return load(text, { schema: SCHEMA, json: false });
}

// ---- the formats ---------------------------------------------------------------------------

/** A Decap formatter for a collection whose fields are ``fields``: Markdown with front matter
 * (``markdown``) or a YAML data file (a top-level list when the only field is ``items``). */
export function format(fields, markdown) {
  const tree = fieldTree(fields);
  const listFile = !markdown && fields.length === 1 && fields[0].name === LIST_KEY && fields[0].widget === 'list';
  return {
    fromFile(content) {
      const file = normalised(content);
      if (markdown) {
        const { front, body } = splitFrontMatter(file.text);
        const data = front === null ? {} : parse(front) || {};
        if (!isObject(data)) throw new Error('the front matter is not a mapping of fields');
        return { ...data, body, [SOURCE]: content };
      }
      const data = parse(file.text);
      if (listFile) return { [LIST_KEY]: data || [], [SOURCE]: content };
      if (data !== null && data !== undefined && !isObject(data)) throw new Error('the file is not a mapping');
      return { ...(data || {}), [SOURCE]: content };
    },
    toFile(data) {
      const { [SOURCE]: original, ...values } = data;
      const file = typeof original === 'string' ? normalised(original) : { bom: '', crlf: false, text: null };
      let text;
      if (markdown) {
        const { body = '', ...meta } = values;
        const old = file.text === null ? null : splitFrontMatter(file.text);
        const front = old && old.front !== null
          ? spliceMapping(old.front, parse(old.front) || {}, meta, tree)
          : emitMapping(meta, tree, 0);
        let newBody = String(body).replace(/\r\n/g, '\n');
        if (!old && newBody && !newBody.startsWith('\n')) newBody = '\n' + newBody;  // new file: a blank line first
        if (!old && newBody && !newBody.endsWith('\n')) newBody += '\n';
        text = `---\n${front}---\n${newBody}`;
      } else if (listFile) {
        const items = values[LIST_KEY] || [];
        const itemField = tree.fields[LIST_KEY];
        text = file.text !== null && Array.isArray(parse(file.text))
          ? spliceSequence(file.text, parse(file.text), items, itemField)
          : emitSequence(clean(items, itemField) || [], itemField, 0);
      } else {
        text = file.text !== null && isObject(parse(file.text))
          ? spliceMapping(file.text, parse(file.text), values, tree)
          : emitMapping(values, tree, 0);
      }
      if (file.crlf) text = text.replace(/\n/g, '\r\n');
      return file.bom + text;
    },
  };
}

function normalised(content) {
  let text = String(content);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  text = text.slice(bom.length);
  const crlf = text.includes('\r\n');
  return { bom, crlf, text: text.replace(/\r\n/g, '\n') };
}

/** The front matter's text (each line ending in a newline) and the body after its closing line. */
export function splitFrontMatter(text) {
  const opening = text.match(/^---[ \t]*\n/);
  if (!opening) return { front: null, body: text };
  const rest = text.slice(opening[0].length);
  const closing = rest.match(/^(?:---|\.\.\.)[ \t]*(?:\n|$)/m);
  if (!closing) throw new Error('the front matter has no closing --- line');
  return { front: rest.slice(0, closing.index), body: rest.slice(closing.index + closing[0].length) };
}

// ---- the fields: order and kind of each key -------------------------------------------------

function fieldTree(fields) {
  const tree = { order: [], fields: {} };
  for (const field of fields || []) {
    tree.order.push(field.name);
    tree.fields[field.name] = field;
  }
  return tree;
}

function subtree(field) {
  return field && field.fields ? fieldTree(field.fields) : { order: [], fields: {} };
}

/** The field of each item of a list field: an object of its fields, or its one field. */
function itemOf(field) {
  if (!field) return null;
  if (field.fields) return { widget: 'object', fields: field.fields };
  if (field.field) return field.field;
  return { widget: 'string' };
}

// ---- splicing: the file's text, with only the changed parts written again ---------------------

/** Lines of ``text`` (which ends with a newline, or is empty) without the last empty one. */
function linesOf(text) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const blankOrComment = line => /^\s*(#.*)?$/.test(line);

/** The parts of a block collection at column 0: the text before the first part, each part's
 * lines (with the blank and comment lines before it as its gap), and the text after the last. */
function regions(lines, starts) {
  const found = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (starts(lines[index])) found.push(index);
  }
  if (!found.length) return null;
  const parts = [];
  let previousEnd = found[0];
  found.forEach((start, position) => {
    let end = position + 1 < found.length ? found[position + 1] : lines.length;
    while (end > start + 1 && blankOrComment(lines[end - 1])) end -= 1;  // trailing comments: the next gap
    parts.push({ gap: lines.slice(previousEnd, start), lines: lines.slice(start, end) });
    previousEnd = end;
  });
  return { prefix: lines.slice(0, found[0]), parts, trailer: lines.slice(previousEnd) };
}

const joined = lines => lines.map(line => line + '\n').join('');

/** A block mapping (at column 0) with the new values: changed keys written again, the rest kept. */
export function spliceMapping(text, oldValue, newValue, tree) {
  const lines = linesOf(text);
  const found = regions(lines, line => /^[^\s#\-]/.test(line) && !/^\.\.\.\s*$/.test(line));
  if (!found || !isObject(oldValue)) return emitMapping(newValue, tree, 0);
  const parts = [];
  for (const part of found.parts) {
    let value;
    try { value = parse(joined(part.lines)); } catch (error) { return emitMapping(newValue, tree, 0); }
    const keys = isObject(value) ? Object.keys(value) : [];
    if (keys.length !== 1) return emitMapping(newValue, tree, 0);
    parts.push({ ...part, key: keys[0], old: value[keys[0]] });
  }
  if (!deepEqual(Object.fromEntries(parts.map(part => [part.key, part.old])), oldValue)) {
    return emitMapping(newValue, tree, 0);  // the parts do not add up to the file: write it whole
  }
  const out = [];  // [key, lines] in the file's order
  for (const part of parts) {
    const field = tree.fields[part.key];
    if (!(part.key in newValue)) {
      out.push([part.key, [...part.gap, ...part.lines]]);  // a key the editor never saw (the CMS keeps them all)
      continue;
    }
    const value = newValue[part.key];
    if (deepEqual(value, part.old)) {
      out.push([part.key, [...part.gap, ...part.lines]]);
      continue;
    }
    const cleaned = clean(value, field);
    if (cleaned === undefined) continue;  // emptied: the key goes, with the comment before it
    out.push([part.key, [...part.gap, ...splicePair(part, cleaned, field)]]);
  }
  const written = new Set(parts.map(part => part.key));
  for (const key of Object.keys(newValue)) {  // keys the file did not have, in the fields' order
    if (written.has(key)) continue;
    const field = tree.fields[key];
    const cleaned = clean(newValue[key], field);
    if (cleaned === undefined) continue;
    const rank = tree.order.indexOf(key);
    let at = 0;
    out.forEach(([other], index) => {
      const otherRank = tree.order.indexOf(other);
      if (otherRank !== -1 && rank !== -1 && otherRank < rank) at = index + 1;
    });
    out.splice(at, 0, [key, emitPair(key, cleaned, field, 0)]);
  }
  return joined([...found.prefix, ...out.flatMap(([, partLines]) => partLines), ...found.trailer]);
}

/** One key's lines with its new value: inside its block list or mapping when it has one, else anew. */
function splicePair(part, value, field) {
  const [first, ...rest] = part.lines;
  const opener = first.match(/^([^\s#][^:]*):\s*(#.*)?$/);  // "key:" alone: the value is a block below
  const inner = rest.filter(line => !blankOrComment(line));
  if (opener && inner.length) {
    const depth = Math.min(...inner.map(line => line.match(/^ */)[0].length));
    if (rest.every(line => blankOrComment(line) || line.startsWith(' '.repeat(depth)))) {
      const text = joined(rest.map(line => line.slice(Math.min(depth, line.match(/^ */)[0].length))));
      const old = part.old;
      let spliced = null;
      if (Array.isArray(value) && Array.isArray(old) && inner[0].trimStart().startsWith('-')) {
        spliced = spliceSequence(text, old, value, field);
      } else if (isObject(value) && isObject(old) && !inner[0].trimStart().startsWith('-')) {
        spliced = spliceMapping(text, old, value, subtree(field));
      }
      if (spliced !== null) {
        return [first, ...linesOf(spliced).map(line => (line ? ' '.repeat(depth) + line : line))];
      }
    }
  }
  if (rest.length === 0 && !isObject(value) && !Array.isArray(value)) {
    const kept = restyled(first, value, field);  // one line: the new value in the old one's quotes
    if (kept !== null) return [kept];
  }
  return emitPair(part.key, value, field, 0);
}

/** ``line`` ("key: value") with a new scalar value written in the same style as the old one
 * (double-quoted, single-quoted or plain), when that style can hold it; null when it cannot. */
function restyled(line, value, field) {
  const found = line.match(/^([^\s#][^:]*:[ \t]+)(["']?)/);
  if (!found || typeof value !== 'string' || value.includes('\n')) return null;
  const fresh = scalar(value, field, 0);
  let text = null;
  if (found[2] === '"') text = fresh.startsWith('"') ? fresh : quoted(value);
  else if (found[2] === "'") text = /^[^\n\u2028\u2029\u0000-\u001f]*$/.test(value) ? `'${value.replace(/'/g, "''")}'` : null;
  else text = fresh;
  if (text === null) return null;
  const candidate = found[1] + text;
  try {
    const parsed = parse(candidate + '\n');
    return isObject(parsed) && Object.values(parsed)[0] === value ? candidate : null;
  } catch (error) {
    return null;
  }
}

/** A block list (at column 0) with the new items: unchanged items keep their text, a changed item
 * that is a mapping is spliced, others are written anew; the items are in the editor's order. */
export function spliceSequence(text, oldItems, newItems, field) {
  const lines = linesOf(text);
  const itemField = itemOf(field);
  const found = regions(lines, line => /^-(\s|$)/.test(line));
  const fresh = () => emitSequence(clean(newItems, field) || [], field, 0);
  if (!found || !Array.isArray(oldItems) || found.parts.length !== oldItems.length) return fresh();
  const parts = [];
  for (const part of found.parts) {
    let value;
    try { value = parse(joined(part.lines)); } catch (error) { return fresh(); }
    if (!Array.isArray(value) || value.length !== 1) return fresh();
    parts.push({ ...part, old: value[0] });
  }
  if (!deepEqual(parts.map(part => part.old), oldItems)) return fresh();
  const used = new Set();
  const separator = parts.length > 1 ? parts[parts.length - 1].gap : [];
  const out = [];
  newItems.forEach((item, index) => {
    const gap = index === 0 ? [] : (index < parts.length ? parts[index].gap : separator);
    let match = index < parts.length && !used.has(index) && deepEqual(item, parts[index].old) ? index : -1;
    if (match === -1) match = parts.findIndex((part, at) => !used.has(at) && deepEqual(item, part.old));
    if (match !== -1) {
      used.add(match);
      out.push(...gap, ...parts[match].lines);
      return;
    }
    const cleaned = clean(item, itemField);
    if (cleaned === undefined) return;  // an item left empty is no item
    if (index < parts.length && !used.has(index) && isObject(cleaned) && isObject(parts[index].old)) {
      const spliced = spliceItem(parts[index], cleaned, itemField);
      if (spliced) {
        used.add(index);
        out.push(...gap, ...spliced);
        return;
      }
    }
    out.push(...gap, ...emitItem(cleaned, itemField, 0));
  });
  return joined([...found.prefix, ...out, ...found.trailer]);
}

/** A list item that is a block mapping ("- key: value" and its lines below), spliced as a mapping. */
function spliceItem(part, value, itemField) {
  const [first, ...rest] = part.lines;
  const dash = first.match(/^-( +)(?=[^\s#{[])/);
  if (!dash) return null;
  const depth = 1 + dash[1].length;
  if (!rest.every(line => blankOrComment(line) || line.startsWith(' '.repeat(depth)))) return null;
  const text = joined([first.slice(depth), ...rest.map(line => line.slice(Math.min(depth, line.match(/^ */)[0].length)))]);
  const spliced = linesOf(spliceMapping(text, part.old, value, subtree(itemField)));
  if (!spliced.length) return null;
  return spliced.map((line, index) => (index === 0 ? '-' + dash[1] + line : (line ? ' '.repeat(depth) + line : line)));
}

// ---- writing anew --------------------------------------------------------------------------

/** ``value`` without empty text, empty lists and empty mappings (a field the editor left empty is
 * no field); undefined when nothing is left. */
export function clean(value, field) {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    const item = itemOf(field);
    const items = value.map(entry => clean(entry, item)).filter(entry => entry !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const tree = subtree(field);
    const result = {};
    for (const [key, entry] of Object.entries(value)) {
      const cleaned = clean(entry, tree.fields[key]);
      if (cleaned !== undefined) result[key] = cleaned;
    }
    return Object.keys(result).length ? result : undefined;
  }
  return value;
}

function ordered(keys, tree) {
  const known = tree.order.filter(key => keys.includes(key));
  return [...known, ...keys.filter(key => !tree.order.includes(key))];
}

export function emitMapping(value, tree, indent) {
  const lines = [];
  for (const key of ordered(Object.keys(value || {}), tree)) {
    const cleaned = clean(value[key], tree.fields[key]);
    if (cleaned !== undefined) lines.push(...emitPair(key, cleaned, tree.fields[key], indent));
  }
  return joined(lines);
}

function emitSequence(items, field, indent) {
  const itemField = itemOf(field);
  return joined(items.flatMap(item => emitItem(item, itemField, indent)));
}

function emitPair(key, value, field, indent) {
  const pad = ' '.repeat(indent);
  const name = plainKey(key);
  if (Array.isArray(value)) {
    const itemField = itemOf(field);
    return [`${pad}${name}:`, ...value.flatMap(item => emitItem(item, itemField, indent + 2))];
  }
  if (isObject(value)) {
    return [`${pad}${name}:`, ...linesOf(emitMapping(value, subtree(field), indent + 2))];
  }
  return [`${pad}${name}: ${scalar(value, field, indent)}`];
}

function emitItem(item, field, indent) {
  const pad = ' '.repeat(indent);
  if (isObject(item)) {
    const lines = linesOf(emitMapping(item, subtree(field), indent + 2));
    if (!lines.length) return [];
    return [`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1)];
  }
  if (Array.isArray(item)) return [`${pad}- ${JSON.stringify(item)}`];  // a list in a list: flow style
  return [`${pad}- ${scalar(item, field, indent)}`];
}

function plainKey(key) {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : quoted(key);
}

const PARTIAL = new RegExp(PARTIAL_DATE);

/** A scalar as YAML text for the loader: by its field's kind, then by its type. */
export function scalar(value, field, indent = 0) {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoted(String(value));
  const text = String(value);
  const widget = field && field.widget;
  const pattern = field && Array.isArray(field.pattern) ? field.pattern[0] : field && field.pattern;
  if ((widget === 'datetime' || pattern === PARTIAL_DATE) && WHOLE_DATE.test(text)) return text;  // a date
  if (pattern === PARTIAL_DATE && PARTIAL.test(text)) return quoted(text);  // a year or a month: text
  if (widget === 'number' && /^-?[0-9]+(\.[0-9]+)?$/.test(text)) return text;
  if (text.includes('\n')) return literal(text, indent);
  return plainSafe(text) ? text : quoted(text);
}

// YAML 1.1 and 1.2 words that a plain scalar would turn into something other than text.
const SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|<<|=|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** Whether ``text`` reads back as this same text when written plain (conservatively). */
export function plainSafe(text) {
  if (!text || text !== text.trim() || SPECIAL.test(text)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /^[-+.]?[0-9]/.test(text)) return false;  // indicators, numbers, dates
  if (/: |:$| #|\t/.test(text)) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text);
}

export function quoted(text) {
  // A JSON string is a YAML double-quoted one; YAML also breaks lines at U+2028 and U+2029.
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
    .replace(/[\u007f-\u009f\ufeff]/g, char => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Text of several lines as a literal block (|, |- or |+), or quoted when a block cannot hold it. */
function literal(text, indent) {
  // eslint-disable-next-line no-control-regex
  if (/^[ \t]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\r/.test(text)) return quoted(text);
  const trailing = text.match(/\n*$/)[0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const pad = ' '.repeat(indent + 2);
  const body = (trailing ? text.slice(0, -1) : text).split('\n').map(line => (line ? pad + line : ''));
  return `|${chomp}\n${body.join('\n')}`;
}

// ---- values --------------------------------------------------------------------------------

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(key => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

// ---- in the browser: register the formats, then start the CMS --------------------------------

async function start(cms) {
  const response = await fetch('config.yml', { cache: 'no-cache' });
  const config = load(await response.text(), { schema: CORE_SCHEMA });
  for (const collection of config.collections || []) {
    if (typeof collection.format !== 'string' || !collection.format.startsWith('katalog-')) continue;
    const fields = collection.fields || (collection.files && collection.files[0] && collection.files[0].fields) || [];
    const markdown = collection.extension === 'md';
    cms.registerCustomFormat(collection.format, markdown ? 'md' : 'yml', format(fields, markdown));
  }
  cms.init();
}

// Decap 3.16.3 reuses its editor when the address jumps from one entry straight to another (typed in the
// address bar, or a link): a data file then opens empty, without being read, and saving it would write an
// empty list. Such a jump loads the page again, so every entry is read from its file.
const ENTRY = /^#\/collections\/[^/]+\/entries\//;
function reloadOnEntryJumps() {
  window.addEventListener('hashchange', event => {
    const before = new URL(event.oldURL).hash;
    const after = new URL(event.newURL).hash;
    if (ENTRY.test(before) && ENTRY.test(after) && before !== after) window.location.reload();
  });
}

if (typeof window !== 'undefined' && window.CMS) {
  reloadOnEntryJumps();
  start(window.CMS).catch(error => {
    const message = document.createElement('p');
    message.textContent = `Penyunting tidak dapat dimulai: ${error.message}`;
    document.body.append(message);
  });
}
