import { Agent, request } from 'node:http';

/**
 * A constant-rate (open-loop) HTTP load: request i is due at start + i/rate, sent then whatever the
 * server is doing, over at most `connections` keep-alive sockets (more in flight wait for a socket),
 * and its latency runs from when it was due to the end of its response — so a stall of the server
 * shows in full in the latencies of everything due during it (no coordinated omission), as with wrk2.
 *
 * Why not autocannon's overallRate: each of its connections sends its share of a second's requests
 * back to back when the second starts and then waits for the next one, so 500/s arrives as bursts of
 * 40 concurrent requests at the top of every second; and its correction for coordinated omission
 * assumes one request per millisecond per connection. Its percentiles then describe the bursts it
 * makes, not a steady 500 requests/s.
 */

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  /** the next request's path and headers */
  next: () => { path: string; headers: Record<string, string> };
}

export interface OpenLoopResult {
  sent: number;
  completed: number;
  /** responses with a 2xx status */
  ok: number;
  non2xx: number;
  errors: number;
  /** completed requests per second of the run */
  rate: number;
  /** latency percentiles in ms (from each request's due time) */
  latency: { p50: number; p90: number; p99: number; max: number };
  /** how late requests left this process after their due time (ms): this process's own delay */
  sendLag: { p50: number; p99: number; max: number };
}

function percentiles(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const at = (f: number) => (v.length ? v[Math.min(v.length - 1, Math.floor(f * v.length))]! : 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: v.length ? v[v.length - 1]! : 0 };
}

const round = (x: number) => Math.round(x * 10) / 10;

export function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const u = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  let sent = 0;
  let completed = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    let end = start;
    const finish = () => {
      completed++;
      if (completed < total) return;
      end = performance.now();
      agent.destroy();
      const l = percentiles(latencies);
      const s = percentiles(lags);
      resolve({
        sent,
        completed,
        ok,
        non2xx,
        errors,
        rate: completed / ((end - start) / 1000),
        latency: { p50: round(l.p50), p90: round(l.p90), p99: round(l.p99), max: round(l.max) },
        sendLag: { p50: round(s.p50), p99: round(s.p99), max: round(s.max) },
      });
    };
    const fire = (due: number) => {
      const { path, headers } = o.next();
      lags.push(performance.now() - due);
      const req = request({ agent, host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(performance.now() - due);
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) ok++;
          else non2xx++;
          finish();
        });
      });
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * o.rate) / 1000) + 1);
      while (sent < due) {
        fire(start + (sent * 1000) / o.rate);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
