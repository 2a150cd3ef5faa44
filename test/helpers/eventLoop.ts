// Lets a test worker's event loop turn. A worker reports progress to vitest over an RPC whose reply must
// be read within 60 s (birpc's fixed timeout, not configurable); the reply is only read when the event loop
// turns, and vitest runs a file's tests back to back without turning it. Synchronous work (a scan, a
// compiler run through execFileSync) that blocks for more than 60 s in a row, which a loaded machine makes
// of a 25-s stretch, then fails the run with `Timeout calling "onTaskUpdate"` although every test passed
// (reproduced on an idle machine with two 35-s synchronous tests in one file). Two setImmediate turns take
// the loop through a poll phase, where the reply is read.
// Taken when this module loads, before any test can install fake timers.
const realSetImmediate = globalThis.setImmediate;
const turn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

export async function yieldToEventLoop(): Promise<void> {
  await turn();
  await turn();
}
