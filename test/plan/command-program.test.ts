import { describe, expect, it } from 'vitest';
import { commandProgram } from '../../src/plan/command-program.js';

describe('commandProgram', () => {
  it.each<[string, string | undefined]>([
    ['gunicorn --config gunicorn.conf.py dandiapi.wsgi', 'gunicorn'],
    ['python ./manage.py migrate', 'python'],
    ['./manage.py migrate', './manage.py'],
    ['REMAP_SIGTERM=SIGQUIT celery --app dandiapi.celery worker -Q celery -B', 'celery'],
    ['A=1 B=2 bin/web', 'bin/web'],
    ['exec gunicorn app', 'gunicorn'],
    ['A=1 exec node server.js', 'node'],
    ['/usr/bin/env node', '/usr/bin/env'],
    ['gunicorn --bind 0.0.0.0:$PORT app', 'gunicorn'],
    // Left to the shell: expansions, quotes, operators, keywords and builtins.
    ['$SERVER --port 1', undefined],
    ['"my server" start', undefined],
    ['A="x y" celery', undefined],
    ['~/bin/web', undefined],
    ['cd app && npm start', undefined],
    ['(cd app; npm start)', undefined],
    ['bin/web;', undefined],
    ['bin/*', undefined],
    ['if true; then x; fi', undefined],
    ['echo hi', undefined],
    ['. ./env.sh', undefined],
    ['exec -a name node', undefined],
    ['exec', undefined],
    ['A=1', undefined],
    ['>log bin/web', undefined],
  ])('reads %j as %j', (command, program) => {
    expect(commandProgram(command)).toBe(program);
  });
});
