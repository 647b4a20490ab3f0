/**
 * `npm start`: the whole data room as one local process. Reads the environment, opens (or creates)
 * the data dir, serves API + web on PORT, sweeps on an interval, and says how to sign in.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createLocalRuntime } from './compose.ts';
import { DEFAULT_LOCAL_ADMIN, readLocalConfig } from './config.ts';
import { buildWebIfStale } from './web-build.ts';

/** What a console line may say of an error: its name, never a message that could echo data. */
const errorName = (error: unknown) => (error instanceof Error ? error.name : 'unknown error');

async function main(): Promise<void> {
  // Lambda runs Node 22; locally Node 20 is supported and the SDK's notice about its future releases is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = readLocalConfig();
  const adminEmails = config.DATAROOM_ADMIN_EMAILS ?? [DEFAULT_LOCAL_ADMIN];
  // Before serving, so the first page is the current app; a failed build still starts the API.
  if (config.DATAROOM_WEB_BUILD === 'auto' && !config.DATAROOM_WEB_DIST) await buildWebIfStale();
  const runtime = await createLocalRuntime({
    dataDir: config.DATAROOM_DATA_DIR,
    adminEmails,
    ...(config.DATAROOM_PUBLIC_URL ? { publicUrl: config.DATAROOM_PUBLIC_URL } : {}),
    sessionHours: config.DATAROOM_SESSION_HOURS,
    printMail: (line) => console.log(line),
    ...(config.DATAROOM_WEB_DIST ? { webDistDir: resolve(config.DATAROOM_WEB_DIST) } : {}),
  });
  // "localhost" means both loopback addresses (clients may resolve it to either), never all interfaces.
  const hosts = config.HOST === 'localhost' ? ['127.0.0.1', '::1'] : [config.HOST];
  const servers: Server[] = [];
  let port = config.PORT;
  for (const [i, host] of hosts.entries()) {
    const server = createServer(getRequestListener(runtime.app.fetch));
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => done());
      });
    } catch (error) {
      if (i === 0) throw error;
      continue; // no IPv6 loopback here: IPv4 alone will do
    }
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  const url = config.DATAROOM_PUBLIC_URL ?? `http://localhost:${port}`;
  console.log(
    [
      '',
      `dataroom is running at ${url}`,
      `  data dir:  ${runtime.dataDir}`,
      `  admins:    ${adminEmails.join(', ')}${config.DATAROOM_ADMIN_EMAILS ? '' : ' (default; set DATAROOM_ADMIN_EMAILS)'}`,
      '',
      `Open ${url} in a browser and sign in with your e-mail, or use the API:`,
      `  curl -s -X POST ${url}/api/v1/auth/start -H 'content-type: application/json' -d '{"email":"${adminEmails[0]}"}'`,
      `  the code is printed here and written under ${join(resolve(runtime.dataDir), 'outbox')}/`,
      `  curl -s -X POST ${url}/api/v1/auth/verify -H 'content-type: application/json' -d '{"email":"${adminEmails[0]}","code":"<code>"}'`,
      '  then send "Authorization: Bearer <token>" with every request.',
      '',
    ].join('\n'),
  );

  // A failed sweep (the store briefly unreachable, say) must not end the process: the next one retries.
  const sweepSafely = () =>
    runtime.sweepNow().catch((error: unknown) => {
      console.error(`sweep failed, retrying in ${config.DATAROOM_SWEEP_SECONDS}s: ${errorName(error)}`);
    });
  const sweeper = setInterval(() => void sweepSafely(), config.DATAROOM_SWEEP_SECONDS * 1000);
  void sweepSafely();
  runtime.resumeIngests().catch((error: unknown) => {
    console.error(`could not resume pending uploads: ${errorName(error)}`);
  });
  const stop = async () => {
    clearInterval(sweeper);
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
