import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const NOT_WEB = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built web app at `/`: static files with long caching for hashed assets, and
 * index.html for every other GET so client-side routes survive a reload.
 */
export function serveWebApp(server: Express, webDistDir: string): boolean {
  const root = resolve(webDistDir);
  const index = join(root, 'index.html');
  if (!webDistDir || !existsSync(index)) return false;
  server.use(
    '/assets',
    express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  server.use(express.static(root, { index: false, maxAge: 0 }));
  server.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_WEB.test(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}
