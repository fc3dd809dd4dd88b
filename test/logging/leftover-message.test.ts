// The line about a process a killed run left behind reads the same in every format: the
// dyno it came from, its pid, the killed dynorun's pid and its command.
import { describe, expect, it } from 'vitest';
import { herokuMessage, type HerokuContext } from '../../src/logging/heroku-message.js';
import { eventLevel } from '../../src/logging/json-writer.js';
import { lifecycleMessage } from '../../src/logging/lifecycle-message.js';
import type { LeftoverEvent } from '../../src/logging/supervisor-event.js';

const event: LeftoverEvent = {
  kind: 'leftover',
  pid: 41,
  leftBy: 'web.1',
  command: 'gunicorn app:wsgi',
  runPid: 40,
};

describe('a leftover of a killed run', () => {
  it('is one dynorun line saying what is stopped', () => {
    expect(lifecycleMessage(event)).toBe(
      'web.1 left pid 41 running when its dynorun (pid 40) was killed: gunicorn app:wsgi; ' +
        'stopping it',
    );
  });

  it('is a heroku[dynorun] line in --format heroku, and a warning in JSON', () => {
    const context = { releaseDyno: 'release.1', runId: 'ab12cd34' } as HerokuContext;
    expect(herokuMessage(event, context)).toEqual([
      {
        dyno: 'dynorun',
        text:
          'Stopping process 41 of web.1, left running by a killed dynorun (pid 40): ' +
          'gunicorn app:wsgi',
      },
    ]);
    expect(eventLevel(event)).toBe('warn');
  });
});
