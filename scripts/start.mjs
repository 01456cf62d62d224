#!/usr/bin/env node
// `npm start`: the showcase. With a display (DISPLAY or WAYLAND_DISPLAY) it opens the window; with none it runs
// offscreen through a short scripted tour, saves a screenshot and prints its path.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildDistOrExit, root } from './build-dist.mjs';

buildDistOrExit();

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.env.QT_QPA_PLATFORM);
const args = [join(root, 'examples', 'showcase', 'main.js')];
const env = { ...process.env };
if (!hasDisplay) {
  process.stderr.write('No display: running the showcase offscreen through a scripted tour.\n');
  env.QT_QPA_PLATFORM = 'offscreen';
  args.push('--tour', join(root, 'test-output', 'showcase.png'));
}
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
