import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** One measured scenario, reported beside the floor measured in the same run. */
export interface Measurement {
  scenario: string;
  dataScale?: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMb: number | null;
  /** CPU used during the scenario, in % of one core: the server's and the database's. */
  serverCpu: number | null;
  databaseCpu: number | null;
  /** The server's CPU time per request, in µs: steadier than req/s when neighbours share the machine. */
  serverCpuUsPerRequest: number | null;
}

export interface LoadOptions {
  scenario: string;
  dataScale?: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  /** Seconds to run for (throughput scenarios). */
  duration?: number;
  /** Total requests (burst scenarios). */
  amount?: number;
  /** For bursts where each request differs (another user, another body). */
  requestFor?: (index: number) => { path?: string; headers?: Record<string, string>; body?: string; method?: string };
  /** The server process whose memory and CPU to watch. */
  pid?: number;
  /** The database process whose CPU to watch. */
  databasePid?: number;
}

/** Samples a process's resident memory every 100 ms; `peak()` is the highest seen (Linux /proc). */
export function watchRss(pid: number) {
  let peak = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // the process is gone
    }
  };
  read();
  const timer = setInterval(read, 100);
  return {
    peak: () => Math.round(peak / 1024),
    stop: () => clearInterval(timer),
  };
}

/** CPU time a process has used so far, in seconds (Linux /proc: utime + stime, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number | null {
  try {
    // The command name in field 2 may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Share of one core a process used between `start()` and `stop()`, in %. */
function watchCpu(pid: number | undefined) {
  const before = pid ? cpuSeconds(pid) : null;
  const started = performance.now();
  return {
    /** Share of one core in %, and the CPU seconds used. */
    stop(): { percent: number; seconds: number } | null {
      const after = pid ? cpuSeconds(pid) : null;
      if (before === null || after === null) return null;
      return { percent: Math.round(((after - before) / ((performance.now() - started) / 1000)) * 100), seconds: after - before };
    },
  };
}

export async function load(options: LoadOptions): Promise<Measurement> {
  const rss = options.pid ? watchRss(options.pid) : undefined;
  const serverCpu = watchCpu(options.pid);
  const databaseCpu = watchCpu(options.databasePid);
  let counter = 0;
  let lastResponseAt = 0;
  const started = performance.now();
  const result = await autocannon(({
    url: options.url,
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.body ? { body: options.body } : {}),
    connections: options.connections ?? 20,
    // A burst ends when its last response arrives; autocannon only notices at its next sample,
    // so bursts sample every 50 ms and are timed up to their last response (below).
    ...(options.amount ? { amount: options.amount, sampleInt: 50 } : { duration: options.duration ?? 5 }),
    timeout: 10,
    ...(options.requestFor
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const over = options.requestFor!(counter++);
                return {
                  ...req,
                  ...(over.method ? { method: over.method } : {}),
                  ...(over.path ? { path: over.path } : {}),
                  ...(over.body !== undefined ? { body: over.body } : {}),
                  headers: { ...(req.headers as Record<string, string>), ...over.headers },
                };
              },
              onResponse: () => {
                lastResponseAt = performance.now();
              },
            },
          ],
        }
      : {}),
  }) as autocannon.Options);
  rss?.stop();
  const cpu = { server: serverCpu.stop(), database: databaseCpu.stop() };
  return {
    scenario: options.scenario,
    ...(options.dataScale ? { dataScale: options.dataScale } : {}),
    requests: result.requests.total,
    // A burst: completed requests over the time to its last response (autocannon's average counts
    // whole samples, which turned a 1.6 s burst of 500 into "250/s"). A timed run: its average.
    rps: options.amount && lastResponseAt > started ? Math.round(result.requests.total / ((lastResponseAt - started) / 1000)) : Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMb: rss ? rss.peak() : null,
    serverCpu: cpu.server?.percent ?? null,
    databaseCpu: cpu.database?.percent ?? null,
    serverCpuUsPerRequest: cpu.server && result.requests.total > 0 ? Math.round((cpu.server.seconds / result.requests.total) * 1e6) : null,
  };
}

/** Starts a node script (through tsx) that prints its port on the first line of stdout. */
export async function startPortPrinter(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) resolve(Number(line.trim()));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, port };
}

export function markdownTable(rows: Measurement[], floorRps: number): string {
  const header =
    '| scenario | data | requests | req/s | × floor | p50 ms | p99 ms | errors | non-2xx | peak RSS MB | CPU % server / db | server CPU µs/req |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) => {
    const cpu = r.serverCpu === null ? '' : `${r.serverCpu} / ${r.databaseCpu ?? '–'}`;
    return `| ${r.scenario} | ${r.dataScale ?? ''} | ${r.requests} | ${r.rps} | ${(r.rps / floorRps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.peakRssMb ?? ''} | ${cpu} | ${r.serverCpuUsPerRequest ?? ''} |`;
  });
  return [header, ...lines].join('\n');
}
