#!/usr/bin/env -S node --max-semi-space-size=1 --no-memory-reducer
// A young generation of 1 MB: the garbage of a log flood (a buffer per 64 KiB read) is
// collected as it goes instead of piling up as tens of MB of memory. No memory reducer:
// its collections, some seconds after start-up, would be the only CPU an idle dynorun uses.
// (See bench/README.md.)
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
