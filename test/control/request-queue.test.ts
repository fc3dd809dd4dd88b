// Requests that change dynos take turns by process type: one after the other on the same
// type, side by side on different types, in the order they arrived.
import { describe, expect, it } from 'vitest';
import { RequestQueue } from '../../src/control/request-queue.js';

// A piece of work that records when it starts and ends, and ends when told to.
function work(log: string[], name: string) {
  let end = () => {};
  const run = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve) => (end = () => (log.push(`end ${name}`), resolve(name))));
  };
  return { run, end: () => end() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestQueue', () => {
  it('runs requests on the same type one after the other, saying what they wait for', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const waits: string[][] = [];
    const first = work(log, 'a');
    const second = work(log, 'b');
    const done = [
      queue.run(['web'], 'restart web', first.run, (ahead) => waits.push(ahead)),
      queue.run(['web'], 'stop web.1', second.run, (ahead) => waits.push(ahead)),
    ];
    await tick();
    expect(log).toEqual(['start a']);
    expect(waits).toEqual([['restart web']]);
    first.end();
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    second.end();
    expect(await Promise.all(done)).toEqual(['a', 'b']);
  });

  it('runs requests on other types side by side, and one on both after each', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const [web, worker, all] = [work(log, 'web'), work(log, 'worker'), work(log, 'all')];
    const noWait = () => {};
    void queue.run(['web'], 'restart web', web.run, noWait);
    void queue.run(['worker'], 'restart worker', worker.run, noWait);
    const last = queue.run(['web', 'worker'], 'restart', all.run, noWait);
    await tick();
    expect(log).toEqual(['start web', 'start worker']);
    worker.end();
    await tick();
    expect(log).not.toContain('start all');
    web.end();
    await tick();
    expect(log.at(-1)).toBe('start all');
    all.end();
    expect(await last).toBe('all');
  });

  it('gives the turn on when a request fails', async () => {
    const queue = new RequestQueue();
    const failing = queue.run(
      ['web'],
      'restart web',
      () => Promise.reject(new Error('no')),
      () => {},
    );
    const next = queue.run(
      ['web'],
      'restart web',
      async () => 'ran',
      () => {},
    );
    await expect(failing).rejects.toThrow('no');
    expect(await next).toBe('ran');
  });
});
