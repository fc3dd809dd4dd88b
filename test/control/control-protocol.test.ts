// The server reads only well-formed requests and says exactly what is wrong with others.
import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/control/control-protocol.js';

describe('parseRequest', () => {
  it.each([
    ['{"command":"ps"}', { command: 'ps' }],
    ['{"command":"restart"}', { command: 'restart' }],
    ['{"command":"stop","target":"web.1"}', { command: 'stop', target: 'web.1' }],
    ['{"command":"scale","formation":"web=2"}', { command: 'scale', formation: 'web=2' }],
    ['{"command":"logs","lines":5,"tail":true}', { command: 'logs', lines: 5, tail: true }],
    [
      '{"command":"run-register","pid":42,"tag":"run.ab12","line":"bash"}',
      { command: 'run-register', pid: 42, tag: 'run.ab12', line: 'bash' },
    ],
    [
      '{"command":"run-started","dyno":"run.1","pid":43}',
      { command: 'run-started', dyno: 'run.1', pid: 43 },
    ],
    [
      '{"command":"run-exited","dyno":"run.1","code":null,"signal":"SIGINT"}',
      { command: 'run-exited', dyno: 'run.1', code: null, signal: 'SIGINT' },
    ],
  ])('reads %s', (line, request) => {
    expect(parseRequest(line)).toEqual(request);
  });

  it.each([
    ['ps', 'bad request: not JSON'],
    ['null', 'bad request: unknown command undefined'],
    ['{"command":"quit"}', 'bad request: unknown command "quit"'],
    ['{"command":"stop"}', 'bad request: stop needs "target"'],
    ['{"command":"scale"}', 'bad request: scale needs "formation"'],
    ['{"command":"restart","target":3}', 'bad request: "target" must be a string'],
    ['{"command":"logs","lines":-1}', 'bad request: "lines" must be a whole number'],
    ['{"command":"logs","source":"kernel"}', 'bad request: "source" must be "app" or "dynorun"'],
    ['{"command":"run-register","pid":42,"line":"x"}', 'bad request: run-register needs "tag"'],
    ['{"command":"run-started","dyno":"run.1","pid":1}', 'bad request: "pid" must be a process id'],
    ['{"command":"run-register","pid":4,"tag":"*","line":"x"}', 'bad request: "tag" may hold'],
    ['{"command":"run-exited","dyno":"run.1","code":1.5}', '"code" must be a whole number'],
    ['{"command":"run-exited","dyno":"run.1","signal":"KILL"}', '"signal" must be a signal name'],
  ])('refuses %s', (line, message) => {
    expect(() => parseRequest(line)).toThrow(message);
  });
});
