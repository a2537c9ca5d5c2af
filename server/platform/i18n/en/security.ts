// Login delays (server/platform/auth/login-throttle.ts): an account's recent failures, and clearing its delays.
export const security = {
  security: {
    trouble: '{{n}} failed logins lately',
    waiting: 'a source waits until {{until}}',
    unlock: 'Clear login delays',
    unlockConfirm: 'Have you checked who is asking, and do you want to clear every login delay of {{username}}?',
    unlocked: 'The login delays of {{username}} are cleared.',
  },
};
