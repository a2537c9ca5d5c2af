// Runs before `npm test` (npm's pretest hook): the browser tests need Debian's Chromium and a
// Chinese font. When they are missing and this machine can install them (root, apt-get), they are
// installed, as .ci/run does; otherwise the run stops at once with the one command to type.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const font = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const missing = [!existsSync(chromium) && 'chromium', !existsSync(font) && 'fonts-wqy-microhei'].filter(Boolean);
if (!missing.length) process.exit(0);

const command = `apt-get install -y ${missing.join(' ')}`;
const root = process.getuid?.() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!root || !apt) {
  console.error(
    `The browser tests need ${missing.join(' and ')}. Install ${missing.length > 1 ? 'them' : 'it'} once, then run npm test again:\n\n    sudo ${command}\n`,
  );
  process.exit(1);
}
console.log(`--- installing ${missing.join(' and ')} for the browser tests (${command})`);
try {
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive apt-get update -qq; DEBIAN_FRONTEND=noninteractive ${command} -qq`], {
    stdio: 'inherit',
  });
} catch {
  console.error(`Installing failed. Install by hand, then run npm test again:\n\n    sudo ${command}\n`);
  process.exit(1);
}
