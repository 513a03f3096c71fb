/**
 * Child of nest-exit.it.spec.ts: starts the example service, asks /health once, closes the
 * application and then does nothing: the process must exit by itself (nothing left open).
 */
import { get } from 'node:http';
import { bootstrap } from '../../../../../examples/nest-api/src/main';

function health(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/health`, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const app = await bootstrap({ logger: false, shutdownHooks: false });
  const status = await health(await app.getUrl());
  process.stdout.write(`health ${status}\n`);
  await app.close();
  process.stdout.write(`closed at ${Date.now()}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${String(e)}\n`);
  process.exitCode = 1;
});
