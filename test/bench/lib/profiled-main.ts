import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

// server/main.ts under V8's sampling profiler, for test/bench/profile.ts: SIGUSR1 starts the
// profile, SIGUSR2 stops it and writes it to PROF_OUT (a .cpuprofile, as Chrome's DevTools read it).
const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
process.on('SIGUSR1', () => {
  void inspector.post('Profiler.start').then(() => console.error('profiling'));
});
process.on('SIGUSR2', () => {
  void inspector.post('Profiler.stop').then(({ profile }) => {
    fs.writeFileSync(process.env.PROF_OUT ?? 'app.cpuprofile', JSON.stringify(profile));
    console.error('profile written');
  });
});
await import('../../../server/main');
