// Account lock-out (server/auth/lockout.ts): the login hint, and lifting a lock.
export const security = {
  security: {
    lockHint: 'After {{n}} wrong passwords in a row the account is locked for {{minutes}} minutes; to unlock it sooner, ask an administrator or your collective\'s officer.',
    locked: 'Locked until {{until}}',
    unlock: 'Unlock',
    unlockConfirm: 'Have you checked who is asking, and do you want to lift the lock on {{username}}?',
    unlocked: 'Account {{username}} is unlocked.',
  },
};
