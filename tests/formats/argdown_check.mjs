// Parse Argdown from stdin with Argdown's own parser (@argdown/core) and print what it understood as
// JSON: lexer/parser errors, statements (text, tags, data), relations and sections. Used by
// tests/formats/test_argdown.py; run with NODE_PATH pointing at a node_modules holding @argdown/core.
import { ArgdownApplication, ParserPlugin, ModelPlugin, DataPlugin } from "@argdown/core";
import fs from "fs";

const app = new ArgdownApplication();
app.addPlugin(new ParserPlugin(), "parse-input");
app.addPlugin(new DataPlugin(), "build-model");
app.addPlugin(new ModelPlugin(), "build-model");
const r = app.run({ process: ["parse-input", "build-model"], input: fs.readFileSync(0, "utf8") });
const statements = {};
for (const [title, s] of Object.entries(r.statements || {})) {
  const member = (s.members || []).find((m) => m.text !== undefined) || {};
  statements[title] = { text: member.text ?? null, tags: s.tags || [], data: s.data || null, section: s.section ? s.section.title : null };
}
console.log(JSON.stringify({
  lexerErrors: (r.lexerErrors || []).map((e) => e.message),
  parserErrors: (r.parserErrors || []).map((e) => e.message),
  frontMatter: r.frontMatter || null,
  statements,
  relations: (r.relations || []).map((x) => ({ from: x.from.title, to: x.to.title, type: x.relationType })),
}));
