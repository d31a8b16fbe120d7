// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed) it installs the
// locked dependencies, so each of the two README commands does all set-up by itself. Plain JS: it runs first.
const { existsSync, statSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('Installing the locked dependencies (npm ci)...');
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, 'ci']]
    : ['npm', ['ci']];
  const result = spawnSync(npm[0], npm[1], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
