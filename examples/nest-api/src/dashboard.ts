/**
 * Serves a built dashboard (examples/dashboard, an Angular application) as static files at `/`,
 * beside the API it reads: same origin, so the browser's EventSource and fetch need no CORS. The
 * API's routes (/cluster, /products, /readings, /health, /metrics) are matched first.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function serveDashboard(app: NestExpressApplication, dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`DASHBOARD_DIR ${dir} holds no index.html: build the dashboard first (npm run dashboard:build)`);
  }
  app.useStaticAssets(dir, { index: 'index.html', maxAge: 0 });
}
