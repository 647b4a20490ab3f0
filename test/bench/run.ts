/**
 * `npm run bench`: figures for the two hot paths, each as a ratio against a baseline measured in
 * the same run on the same machine. Not part of `npm test`. Writes `.bench/results.json`.
 *
 * 1. Encrypted storage: streaming a file into the local store (encrypt) and back out (decrypt)
 *    against writing and reading the same bytes as a plain file.
 * 2. The download path: an authorised member download (check → count → audit → URL) against an
 *    authenticated `GET /api/v1/me`, with the DynamoDB round trips each one costs.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomData, startHarness } from '../support/harness.ts';
import { createScenario, expectStatus, grant, uploadFile } from '../support/scenario.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const MIB = 1024 * 1024;
const FILE_MIB = Number(process.env.BENCH_FILE_MIB ?? 256);
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 200);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const h = await startHarness();
try {
  const s = await createScenario(h);

  // 1. storage throughput: plain file baseline, then the encrypted store through the API's URLs.
  const bytes = randomData(FILE_MIB * MIB);
  const plainPath = join(h.dataDir, 'plain.bin');
  let t = performance.now();
  await writeFile(plainPath, bytes);
  const plainRead = await readFile(plainPath);
  const plainMs = performance.now() - t;
  if (plainRead.byteLength !== bytes.byteLength) throw new Error('plain read mismatch');
  await rm(plainPath);

  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  const uploaded = await uploadFile(h, s, { bytes, name: 'bench.bin' });
  let readBack = 0;
  for await (const chunk of await h.runtime.deps.objects.read({
    dealId: s.dealId,
    fileId: uploaded.fileId,
  })) {
    readBack += chunk.byteLength;
  }
  const storeMs = performance.now() - t;
  if (readBack !== bytes.byteLength || uploaded.status !== 'available')
    throw new Error('store round trip failed');

  // 2. download path vs a plain authenticated read, counting DynamoDB requests.
  await grant(h, s, s.buyerA.id, { fileIds: [uploaded.fileId] });
  // Background sealing would add its own requests to the count; the bench measures the request path.
  h.runtime.deps.requestSeal = undefined;
  let requests = 0;
  h.runtime.dynamo.client.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  const time = async (label: string, call: () => Promise<Response>, status: number) => {
    requests = 0;
    const started = performance.now();
    for (let i = 0; i < DOWNLOADS; i++) await expectStatus(await call(), status);
    return {
      label,
      msPerCall: (performance.now() - started) / DOWNLOADS,
      requestsPerCall: requests / DOWNLOADS,
    };
  };
  const me = await time('GET /me', () => h.request('/api/v1/me', { token: s.buyerA.token }), 200);
  const download = await time(
    'member download',
    () =>
      h.request(`/api/v1/deals/${s.dealId}/files/${uploaded.fileId}/download`, {
        method: 'POST',
        token: s.buyerA.token,
      }),
    200,
  );

  const mbps = (ms: number) => (2 * FILE_MIB) / (ms / 1000);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    storage: {
      fileMiB: FILE_MIB,
      plainWriteReadMBps: Math.round(mbps(plainMs)),
      encryptedUploadVerifyReadMBps: Math.round(mbps(storeMs)),
      ratioVsPlain: Number((plainMs / storeMs).toFixed(3)),
      rssGrowthMiBDuringStore: Math.round((peakRss - rssBefore) / MIB),
      note: 'the store pass also verifies the SHA-256 during ingest (one extra decrypting read)',
    },
    downloadPath: {
      calls: DOWNLOADS,
      baseline: me,
      download,
      latencyRatioVsMe: Number((download.msPerCall / me.msPerCall).toFixed(2)),
    },
    peakRssMiB: Math.round(peakRss / MIB),
  };
  console.table([
    { measure: `plain write+read ${FILE_MIB} MiB`, value: `${results.storage.plainWriteReadMBps} MB/s` },
    {
      measure: 'encrypted upload + verify + read',
      value: `${results.storage.encryptedUploadVerifyReadMBps} MB/s`,
    },
    { measure: 'storage ratio vs plain', value: `${results.storage.ratioVsPlain}×` },
    { measure: 'GET /me', value: `${me.msPerCall.toFixed(2)} ms, ${me.requestsPerCall} DynamoDB requests` },
    {
      measure: 'member download',
      value: `${download.msPerCall.toFixed(2)} ms, ${download.requestsPerCall} DynamoDB requests`,
    },
    { measure: 'download latency ratio vs /me', value: `${results.downloadPath.latencyRatioVsMe}×` },
    {
      measure: 'peak RSS',
      value: `${results.peakRssMiB} MiB (file ${FILE_MIB} MiB held by the bench itself)`,
    },
  ]);
  await mkdir('.bench', { recursive: true });
  await writeFile('.bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
} finally {
  clearInterval(sampler);
  await h.close();
}
