// A pseudo-terminal for tests: a detached tmux session on a tmux server of its own (its
// socket in the temp directory, so a user's tmux is never touched), read with
// capture-pane and typed into with send-keys. `kill()` ends the session by its unique
// name and removes the socket.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why tmux tests cannot run here, or undefined when tmux is installed. */
export function tmuxMissing(): string | undefined {
  const found = spawnSync('tmux', ['-V'], { stdio: 'ignore' });
  return found.status === 0 ? undefined : 'tmux is not installed (the CI installs it)';
}

export class TmuxSession {
  readonly name = `dynorun-test-${randomUUID().slice(0, 8)}`;
  private readonly socket = join(tmpdir(), `${this.name}.tmux`);

  /** Runs `shellCommand` in a new 200×50 terminal. */
  constructor(shellCommand: string, options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    const where = ['-x', '200', '-y', '50', '-c', options.cwd];
    const env = { ...process.env, ...options.env };
    this.tmux(['new-session', '-d', '-s', this.name, ...where, shellCommand], { env });
  }

  /** The text the terminal shows now; empty once the session has ended. */
  screen(): string {
    const args = ['-S', this.socket, 'capture-pane', '-p', '-t', this.name];
    const result = spawnSync('tmux', args, { encoding: 'utf8' });
    return result.status === 0 ? result.stdout : '';
  }

  /** Types `keys` as tmux names them (`Enter`, `C-c`) or, with `literal`, as text. */
  send(keys: string, literal = false): void {
    const mode = literal ? ['-l'] : [];
    this.tmux(['send-keys', '-t', this.name, ...mode, keys]);
  }

  /** Polls the screen until `pattern` shows; fails with the screen at the deadline. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      const match = screen.match(pattern);
      if (match) return match;
      if (Date.now() > deadline) {
        throw new Error(
          `no ${pattern} on the terminal within ${timeoutMs} ms; it shows:\n${screen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the session and with it this test's tmux server; quiet if it already ended. */
  kill(): void {
    const args = ['-S', this.socket, 'kill-session', '-t', this.name];
    spawnSync('tmux', args, { stdio: 'ignore' });
    rmSync(this.socket, { force: true });
  }

  private tmux(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): void {
    const result = spawnSync('tmux', ['-S', this.socket, ...args], {
      encoding: 'utf8',
      ...options,
    });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
  }
}
