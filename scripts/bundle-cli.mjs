// Bundles the CLI that tsc compiled into dist/ into a few files in dist/bundle/, which
// bin/dynorun.js loads. Node 20 resolves, reads and links each ES module on its own; for
// the ~80 modules of `dynorun start` that was about a third of its fixed CPU cost. Each
// command stays a chunk of its own, loaded when it runs; packages stay in node_modules.
// The library entry (dist/index.js, with its types) is left as tsc wrote it.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
