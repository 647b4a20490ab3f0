/**
 * `npm run bench:profile`: the dataset profiler's throughput on a generated CSV (1 GiB by default,
 * BENCH_PROFILE_MIB to change) against a bare csv-parse of the same file in the same run, then the same
 * on a GB18030 copy (baseline: iconv-lite decode + csv-parse). Ratios compare CPU time, not wall time:
 * the machine is shared and wall time swings with other load; BENCH_PROFILE_REPEAT=n runs each phase n
 * times, alternating, and keeps each phase's least CPU time (other load only ever adds). Peak RSS is
 * sampled per phase. Prints a table and writes bench-results/profile.json. Not part of `npm test`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { profileDataset } from '../../functions/src/core/profiling/index.ts';
import { writeBenchCsv } from './profile-data.ts';

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_PROFILE_MIB ?? 1024);
const REPEAT = Math.max(1, Math.floor(Number(process.env.BENCH_PROFILE_REPEAT ?? 1)));

interface Phase {
  label: string;
  ms: number;
  /** CPU time (user + system) of this process: what the ratio uses, as the machine is shared. */
  cpuMs: number;
  mibPerSec: number;
  peakRssMib: number;
  rows: number;
}

async function measure(label: string, bytes: number, run: () => Promise<number>): Promise<Phase> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rows = await run();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  clearInterval(sampler);
  const cpuMs = (used.user + used.system) / 1000;
  return { label, ms, cpuMs, mibPerSec: bytes / MIB / (cpuMs / 1000), peakRssMib: peak / MIB, rows };
}

async function bareParse(path: string, encoding: 'utf-8' | 'gb18030'): Promise<number> {
  const parser = parse({ relax_column_count: true, bom: true });
  const input = createReadStream(path);
  const done =
    encoding === 'utf-8' ? pipeline(input, parser) : pipeline(input, iconv.decodeStream('gb18030'), parser);
  let rows = -1;
  for await (const _ of parser) rows++;
  await done;
  return rows;
}

async function profileFile(path: string, fileName: string): Promise<number> {
  const profile = await profileDataset(createReadStream(path), { fileName, contentType: 'text/csv' });
  return profile.rows;
}

const dir = await mkdtemp(join(tmpdir(), 'bench-profile-'));
try {
  const utf8Path = join(dir, 'customers.csv');
  const gbPath = join(dir, 'customers-gb18030.csv');
  const t = performance.now();
  const generated = await writeBenchCsv(utf8Path, SIZE_MIB * MIB);
  await pipeline(
    createReadStream(utf8Path),
    iconv.decodeStream('utf8'),
    iconv.encodeStream('gb18030'),
    createWriteStream(gbPath),
  );
  console.log(`generated ${generated} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const utf8Bytes = (await stat(utf8Path)).size;
  const gbBytes = (await stat(gbPath)).size;

  const runs: [string, number, () => Promise<number>][] = [
    ['csv-parse, UTF-8', utf8Bytes, () => bareParse(utf8Path, 'utf-8')],
    ['profileDataset, UTF-8', utf8Bytes, () => profileFile(utf8Path, 'customers.csv')],
    ['iconv + csv-parse, GB18030', gbBytes, () => bareParse(gbPath, 'gb18030')],
    ['profileDataset, GB18030', gbBytes, () => profileFile(gbPath, 'customers-gb18030.csv')],
  ];
  const phases: Phase[] = [];
  for (let round = 0; round < REPEAT; round++) {
    for (const [i, [label, bytes, run]] of runs.entries()) {
      const phase = await measure(label, bytes, run);
      const best = phases[i];
      if (!best) phases.push(phase);
      else
        phases[i] = {
          ...(phase.cpuMs < best.cpuMs ? phase : best),
          peakRssMib: Math.max(phase.peakRssMib, best.peakRssMib),
        };
    }
  }
  for (const phase of phases) {
    if (phase.rows !== generated)
      throw new Error(`${phase.label}: ${phase.rows} rows, expected ${generated}`);
  }
  const [utf8Base, utf8Profile, gbBase, gbProfile] = phases as [Phase, Phase, Phase, Phase];
  const ratios = {
    utf8: utf8Base.cpuMs / utf8Profile.cpuMs,
    gb18030: gbBase.cpuMs / gbProfile.cpuMs,
  };
  console.table(
    phases.map((p) => ({
      phase: p.label,
      'wall s': (p.ms / 1000).toFixed(1),
      'CPU s': (p.cpuMs / 1000).toFixed(1),
      'MiB/CPU-s': p.mibPerSec.toFixed(1),
      'peak RSS MiB': p.peakRssMib.toFixed(0),
      rows: p.rows,
    })),
  );
  console.log(
    `profiling vs bare parse (CPU time): UTF-8 ${ratios.utf8.toFixed(2)}×, GB18030 ${ratios.gb18030.toFixed(2)}× (goal ≥ 0.70×)`,
  );
  await mkdir('bench-results', { recursive: true });
  await writeFile(
    'bench-results/profile.json',
    `${JSON.stringify({ at: new Date().toISOString(), sizeMib: SIZE_MIB, repeat: REPEAT, utf8Bytes, gbBytes, rows: generated, phases, ratios }, null, 2)}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
