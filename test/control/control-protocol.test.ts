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
  ])('refuses %s', (line, message) => {
    expect(() => parseRequest(line)).toThrow(message);
  });
});
