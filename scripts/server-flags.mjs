// The node flags the server runs with: `npm start` (scripts/start.mjs) and `npm run bench` use
// these same ones, so the bench measures the server as it is deployed.
//
// - The V8 heap is capped (SERVER_HEAP_MB, default 192): left alone on a large machine V8 lets the
//   heap grow lazily to gigabytes; capped, the server stayed under 300 MB RSS in `npm run bench` at
//   about 10 % less read throughput.
// - The young generation gets 32 MB semi-spaces (V8's default is 16 MB on 64-bit): a quiz burst makes
//   short-lived objects fast, and fewer scavenges gave 8–13 % more submissions a second in
//   `npm run bench` for about 30 MB more RSS.
// - No allocation-site pretenuring: start-up builds long-lived data (the statute, its search index,
//   the question bank) through code that requests later run too, and V8 then allocates those sites'
//   objects straight in the old generation for good. Under search load that moved 4–5 MB of
//   request garbage into old space per scavenge, scavenges took 4–10 ms instead of ~1 ms, and
//   mark-compacts followed every few seconds; without it old space stays flat (trace-gc in the bench).
export function serverNodeFlags(env = process.env) {
  return [`--max-old-space-size=${env.SERVER_HEAP_MB ?? 192}`, '--max-semi-space-size=32', '--no-allocation-site-pretenuring'];
}
