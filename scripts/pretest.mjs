// Runs before `npm test` (npm's pretest hook): the browser tests need Debian's Chromium and a
// Chinese font. When they are missing and this machine can install them (root, apt-get), they are
// installed, as .ci/run does; otherwise the run stops at once with the one command to type.
// Debian's chromium-headless-shell (the same Chromium without the desktop browser, a third less
// CPU in the browser tests) is installed alongside where this machine can; without it the tests
// use the full browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const font = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const missing = [!existsSync(chromium) && 'chromium', !existsSync(font) && 'fonts-wqy-microhei'].filter(Boolean);
const optional = !process.env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium-headless-shell') ? ['chromium-headless-shell'] : [];
if (!missing.length && !optional.length) process.exit(0);

const root = process.getuid?.() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
const command = `apt-get install -y ${missing.join(' ')}`;
if (!root || !apt) {
  if (!missing.length) process.exit(0);
  console.error(
    `The browser tests need ${missing.join(' and ')}. Install ${missing.length > 1 ? 'them' : 'it'} once, then run npm test again:\n\n    sudo ${command}\n`,
  );
  process.exit(1);
}
const all = [...missing, ...optional];
console.log(`--- installing ${all.join(' and ')} for the browser tests (apt-get install -y ${all.join(' ')})`);
try {
  execFileSync(
    'sh',
    ['-c', `DEBIAN_FRONTEND=noninteractive apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${all.join(' ')}`],
    {
      stdio: 'inherit',
    },
  );
} catch {
  // The headless shell only saves time: without it the tests run in the full browser.
  if (!missing.length) process.exit(0);
  console.error(`Installing failed. Install by hand, then run npm test again:\n\n    sudo ${command}\n`);
  process.exit(1);
}
