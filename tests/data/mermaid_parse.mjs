// Reads a Mermaid diagram on stdin and prints what Mermaid itself makes of it, as one JSON line:
// {ok, type, config (from directives and front matter), vertices {id: label}, edges}.
// Used by tests/test_issue16_cli.py when KPITREE_MERMAID_DIR names a folder whose node_modules
// holds mermaid 11 and jsdom (`npm install mermaid@11 jsdom` there).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const folder = process.env.KPITREE_MERMAID_DIR;
const require = createRequire(path.join(folder, 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
const core = path.join(folder, 'node_modules', 'mermaid', 'dist', 'mermaid.core.mjs');
const { default: mermaid } = await import(pathToFileURL(core).href);
mermaid.initialize({ startOnLoad: false });
const text = fs.readFileSync(0, 'utf8');
try {
  const parsed = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const vertices = Object.fromEntries([...db.getVertices()].map(([id, v]) => [id, v.text]));
  console.log(JSON.stringify({ ok: true, type: parsed.diagramType, config: parsed.config, vertices, edges: db.getEdges().length }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String((e && e.message) || e) }));
}
