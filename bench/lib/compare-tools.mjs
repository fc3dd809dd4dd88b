// node-foreman and concurrently for `--compare`, installed with npm into the gitignored
// bench/.scratch/ the first time and reused after.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCRATCH } from './setup.mjs';

// concurrently 10 needs Node 22.
export const COMPARE_PACKAGES = { foreman: '3.0.1', concurrently: '9.2.5' };

export function installCompareTools() {
  const wanted = Object.entries(COMPARE_PACKAGES);
  const installed = () => wanted.every(([name, version]) => packageJson(name)?.version === version);
  if (!installed()) {
    const specs = wanted.map(([name, version]) => `${name}@${version}`);
    console.log(`Installing ${specs.join(' ')} into bench/.scratch/ ...`);
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', SCRATCH, '--no-audit', '--no-fund', '--no-save', ...specs],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (npm.status !== 0 || !installed()) {
      console.log('Could not install the comparison tools; they are left out of this run.');
      return {};
    }
  }
  return { foreman: binOf('foreman', 'nf'), concurrently: binOf('concurrently', 'concurrently') };
}

function packageJson(name) {
  try {
    return JSON.parse(readFileSync(join(SCRATCH, 'node_modules', name, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function binOf(name, command) {
  const bin = packageJson(name)?.bin;
  const relative = typeof bin === 'string' ? bin : bin?.[command];
  return relative ? join(SCRATCH, 'node_modules', name, relative) : undefined;
}
