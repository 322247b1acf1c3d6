import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';

/** Where the console's build (console/dist) is, beside the API's in the workspace; CONSOLE_DIR overrides it. */
export function consoleDir(env: Record<string, string | undefined> = process.env): string {
  return env.CONSOLE_DIR?.trim() || path.resolve(__dirname, '..', '..', '..', 'console', 'dist');
}

/**
 * The console talks only to its own origin (this instance), loads nothing from elsewhere and is never framed: its
 * pages hold an API key for the tab's life.
 */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Serves the console's static files at /console/ (no second server): hashed assets are cached for good, the page
 * itself never, so a new build is picked up on the next load. `/` leads there. Returns false when there is no build.
 */
export function serveConsole(app: NestExpressApplication, dir: string): boolean {
  if (!existsSync(path.join(dir, 'index.html'))) return false;
  app.useStaticAssets(dir, {
    prefix: '/console/',
    index: 'index.html',
    fallthrough: true,
    setHeaders: (response: Response, file: string) => {
      for (const [name, value] of Object.entries(CONSOLE_HEADERS)) response.setHeader(name, value);
      response.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const http = app.getHttpAdapter();
  http.get('/', (_request: unknown, response: unknown) => http.redirect(response, 302, '/console/'));
  return true;
}
