// Drives templates/admin/katalog-cms.js's formats as the CMS does, for tests/test_cms_format.py.
// stdin: {"config": path of config.yml, "cases": [{"collection", "text" (null: a new file), "set": [[path, value]...]}]}
// stdout: [{"read": the data the CMS gets (without the file's text), "written": the file written back}]
import { readFileSync } from 'node:fs';
import { format, SOURCE } from './katalog-cms.js';
import { load } from './js-yaml.js';

const input = JSON.parse(readFileSync(0, 'utf8'));
const config = load(readFileSync(input.config, 'utf8'));
const collections = Object.fromEntries(config.collections.map(collection => [collection.name, collection]));
const results = input.cases.map(({ collection, text, set = [] }) => {
  const found = collections[collection];
  const fields = found.fields || found.files[0].fields;
  const formatter = format(fields, found.extension === 'md');
  // The CMS keeps an entry's data as immutable values and hands toFile a plain copy of them.
  const data = text === null ? {} : JSON.parse(JSON.stringify(formatter.fromFile(text)));
  const { [SOURCE]: source, ...read } = data;
  for (const [path, value] of set) {
    let target = data;
    for (const key of path.slice(0, -1)) {
      if (target[key] === undefined) target[key] = typeof key === 'number' ? [] : {};
      target = target[key];
    }
    target[path[path.length - 1]] = value;
  }
  return { read, written: formatter.toFile(data) };
});
process.stdout.write(JSON.stringify(results));
