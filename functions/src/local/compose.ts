/**
 * The local composition root: builds every client and adapter once, from the config, for the
 * embedded default (dynalite + encrypted files + outbox). Tests use it too, with a temp data dir.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { dynamoRepositories } from '../adapters/aws/dynamo/repositories.ts';
import type { DynamoOptions } from '../adapters/aws/dynamo/table.ts';
import { createBlobRoutes } from '../adapters/local/blob.routes.ts';
import { EncryptedObjectStore } from '../adapters/local/encrypted-object-store.ts';
import { LocalCertificateSigner } from '../adapters/local/local-certificate-signer.ts';
import { LocalKeyring } from '../adapters/local/local-keyring.ts';
import { loadOrCreateLocalSecrets } from '../adapters/local/local-secrets.ts';
import { OutboxMailer } from '../adapters/local/outbox-mailer.ts';
import { SignedUrls } from '../adapters/local/signed-urls.ts';
import { createApp } from '../api/app.ts';
import type { AppEnv } from '../api/env.ts';
import { sealAudit } from '../core/audit/audit-chain.ts';
import type { Deps } from '../core/deps.ts';
import { sweep } from '../core/destruction/sweeper.ts';
import { resumeIngests } from '../core/files/ingest.ts';
import { type Clock, systemClock } from '../core/ports/clock.port.ts';
import { jsonLogger, type Logger } from '../core/ports/logger.port.ts';
import { startEmbeddedDynamo } from './dynalite-server.ts';
import { createWebRoutes } from './web.routes.ts';

export interface LocalRuntimeOptions {
  dataDir: string;
  adminEmails: string[];
  publicUrl?: string;
  sessionHours?: number;
  /** Keep DynamoDB in memory (tests); by default it persists under the data dir. */
  inMemoryDynamo?: boolean;
  clock?: Clock;
  log?: Logger;
  /** Where the outbox prints; defaults to the console. */
  printMail?: (line: string) => void;
  /** The web build to serve; defaults to web/dist. */
  webDistDir?: string;
}

export interface LocalRuntime {
  deps: Deps;
  app: Hono<AppEnv>;
  dataDir: string;
  /** The DynamoDB document client and table the repositories use (for tests and tooling). */
  dynamo: DynamoOptions;
  /**
   * Runs a sweep that starts after this call (the server also sweeps on an interval): one already
   * under way is followed by one more, shared by every caller that asked meanwhile.
   */
  sweepNow(): Promise<void>;
  /** Verifies uploads a crash left in `processing` (the server runs it once at start-up). */
  resumeIngests(): Promise<{ resumed: number }>;
  /**
   * Resolves once no background audit seal is pending or running, retries included (so while
   * another sealer holds a deal's lease, not before that lease is released or runs out).
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debounces work per key, so a burst of audit events costs one seal. `idle` waits until nothing is
 * pending or running, including work that a task schedules again for itself. `cancel` drops what is
 * pending and waits for what already runs, so that closing never pulls the database from under a task.
 */
function debounced(run: (key: string) => Promise<unknown>, ms: number, log: Logger) {
  const pending = new Map<string, { timer: NodeJS.Timeout; done: Promise<void>; drop: () => void }>();
  const running = new Set<Promise<unknown>>();
  const trigger = (key: string) => {
    if (pending.has(key)) return;
    let drop!: () => void;
    const done = new Promise<void>((resolve) => {
      drop = resolve;
    });
    const timer = setTimeout(() => {
      pending.delete(key);
      const task = run(key)
        .catch((error: unknown) =>
          log.warn('background task failed', { error: error instanceof Error ? error.name : 'unknown' }),
        )
        .finally(() => {
          running.delete(task);
          drop();
        });
      running.add(task);
    }, ms).unref();
    pending.set(key, { timer, done, drop });
  };
  return {
    trigger,
    idle: async () => {
      while (pending.size || running.size)
        await Promise.all([...[...pending.values()].map((p) => p.done), ...running]);
    },
    cancel: async () => {
      for (const { timer, drop } of pending.values()) {
        clearTimeout(timer);
        drop();
      }
      pending.clear();
      await Promise.all(running);
    },
  };
}

export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? systemClock;
  const log = options.log ?? jsonLogger;
  const secrets = await loadOrCreateLocalSecrets(dataDir);
  const dynamo = await startEmbeddedDynamo(options.inMemoryDynamo ? {} : { path: join(dataDir, 'dynamo') });
  const tables = { client: dynamo.client, tableName: dynamo.tableName };
  const keyring = new LocalKeyring({ dataDir, masterKey: secrets.masterKey, clock });
  const urls = new SignedUrls({ key: secrets.urlSigningKey, clock });
  const objects = new EncryptedObjectStore({ dataDir, keyring, urlSigner: urls, clock });

  let sweeping: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const sweepNow = (): Promise<void> => {
    if (sweeping) {
      // The sweep under way may have read a deal before the caller's change: one more runs after it.
      queued ??= sweeping
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return sweepNow();
        });
      return queued;
    }
    sweeping = sweep(deps)
      .then((report) => {
        if (report.filesDestroyed || report.dealsDestroyed || report.failures)
          log.info('sweep', { ...report });
      })
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };
  const sealer = debounced(
    async (dealId) => {
      // Another sealer held the lease: what it had not yet read would wait for the next event, so try again.
      const sealed = await sealAudit(deps, dealId);
      if (sealed.busy && (await deps.audit.listUnsealed(dealId, 1)).length > 0) sealer.trigger(dealId);
    },
    250,
    log,
  );
  const soonSweep = debounced(() => sweepNow(), 50, log);

  const deps: Deps = {
    ...dynamoRepositories(tables),
    objects,
    keys: keyring,
    mailer: new OutboxMailer({ dataDir, clock, ...(options.printMail ? { log: options.printMail } : {}) }),
    signer: new LocalCertificateSigner({ dataDir }),
    clock,
    log,
    config: {
      adminEmails: new Set(options.adminEmails.map((e) => e.toLowerCase())),
      codePepper: secrets.codePepper,
      sessionTtlSeconds: Math.round((options.sessionHours ?? 12) * 3600),
    },
    requestSeal: sealer.trigger,
    requestSweep: () => soonSweep.trigger('all'),
  };
  const app = createApp({
    deps,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    mounts: [
      { path: '/blob', app: createBlobRoutes({ store: objects, urls }) },
      { path: '/', app: createWebRoutes(options.webDistDir ? { distDir: options.webDistDir } : {}) },
    ],
  });
  return {
    deps,
    app,
    dataDir,
    dynamo: tables,
    sweepNow,
    resumeIngests: () => resumeIngests(deps),
    idle: () => sealer.idle(),
    close: async () => {
      await Promise.all([sealer.cancel(), soonSweep.cancel()]);
      await queued?.catch(() => undefined);
      await sweeping?.catch(() => undefined);
      await dynamo.close();
    },
  };
}
