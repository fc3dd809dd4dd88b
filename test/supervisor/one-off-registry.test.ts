// One-offs beside a formation get names that are never reused, show while their command
// runs, and leave (with an exit line) when reported or found gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../src/logging/supervisor-event.js';
import { OneOffRegistry } from '../../src/supervisor/one-off-registry.js';
import { killAll } from '../helpers/processes.js';

const children: ChildProcess[] = [];

afterEach(() => {
  killAll(children.splice(0).flatMap((child) => (child.pid ? [child.pid] : [])));
});

function sleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child as ChildProcess & { pid: number };
}

function registry(taken: string[] = []) {
  const events: SupervisorEvent[] = [];
  const oneOffs = new OneOffRegistry(
    (event) => events.push(event),
    (name) => taken.includes(name),
  );
  return { oneOffs, events };
}

describe('OneOffRegistry', () => {
  it('names them run.1, run.2, … never twice, skipping names the formation has', () => {
    const { oneOffs } = registry(['run.2']);
    const first = oneOffs.register(process.pid, 'run.a', 'bash');
    oneOffs.exited(first, { code: 0, signal: null });

    expect(first).toBe('run.1');
    expect(oneOffs.register(process.pid, 'run.b', 'bash')).toBe('run.3');
    expect(oneOffs.register(process.pid, 'run.c', 'bash')).toBe('run.4');
  });

  it('lists a running one-off as up with its pid, and announces its start and exit', async () => {
    const { oneOffs, events } = registry();
    const child = sleeper();
    const name = oneOffs.register(process.pid, 'run.x', 'sleep 30\n');
    oneOffs.started(name, child.pid);
    const [row] = await oneOffs.status(10);
    oneOffs.exited(name, { code: 3, signal: null });

    expect(row).toMatchObject({ name: 'run.1', type: 'run', state: 'up', port: null });
    expect(row).toMatchObject({ pid: child.pid, restarts: 0, command: 'sleep 30\\x0a' });
    expect(row?.processes).toBeGreaterThanOrEqual(1);
    expect(row?.memoryBytes).toBeGreaterThan(0);
    expect(await oneOffs.status(10)).toEqual([]);
    expect(events.map((event) => event.kind)).toEqual(['spawn', 'state', 'exit', 'state']);
    expect(events[2]).toMatchObject({ dyno: 'run.1', type: 'run', code: 3 });
  });

  it('drops a one-off whose command went unreported, its status unknown', async () => {
    const { oneOffs, events } = registry();
    const child = sleeper();
    const name = oneOffs.register(process.pid, 'run.y', 'sleep 30');
    oneOffs.started(name, child.pid);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    expect(await oneOffs.status(10)).toEqual([]);
    expect(events.at(-2)).toMatchObject({ kind: 'exit', code: null, signal: null });
    oneOffs.exited(name, { code: 0, signal: null });
    expect(events).toHaveLength(4);
  });

  it('keeps a one-off that has no pid yet while its dynorun run lives', async () => {
    const { oneOffs, events } = registry();
    const runner = sleeper();
    oneOffs.register(runner.pid, 'run.z', 'bash');
    const waiting = await oneOffs.status(10);
    const exited = new Promise((resolve) => runner.once('exit', resolve));
    runner.kill('SIGKILL');
    await exited;

    expect(waiting).toMatchObject([{ name: 'run.1', state: 'starting', pid: null }]);
    expect(await oneOffs.status(10)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses a second start, and says why a command never started', () => {
    const { oneOffs, events } = registry();
    const name = oneOffs.register(process.pid, 'run.w', 'nope');
    oneOffs.exited(name, { code: 127, signal: null }, 'nope: command not found');

    const message = 'nope: command not found';
    expect(() => oneOffs.started(name, process.pid)).toThrow('no one-off run.1 is waiting');
    expect(events).toEqual([{ kind: 'spawn-error', dyno: 'run.1', type: 'run', message }]);
  });
});
