// Generates the console's API types from the OpenAPI documents the API itself builds (the same function that
// serves /docs-json on every instance): the client cannot call a route, send a parameter or read a field that
// the instances do not document. Run by `npm run build -w console`, after the API's build.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const generated = resolve(here, '..', 'src', 'generated');
const writer = resolve(here, '..', '..', 'api', 'dist', 'openapi', 'write-documents.js');
mkdirSync(generated, { recursive: true });
execFileSync(process.execPath, [writer, generated], { stdio: 'inherit' });
for (const kind of ['bank', 'regulator']) {
  const document = JSON.parse(readFileSync(resolve(generated, `openapi.${kind}.json`), 'utf8'));
  const ast = await openapiTS(document);
  writeFileSync(resolve(generated, `${kind}.ts`), `// Generated from openapi.${kind}.json by scripts/generate-client.mjs; never edit.\n${astToString(ast)}`);
}
