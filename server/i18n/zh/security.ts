// Account lock-out (server/auth/lockout.ts): the login hint, and lifting a lock.
export const security = {
  security: {
    lockHint: '连续 {{n}} 次输错密码后，账户将锁定 {{minutes}} 分钟；如需提前解锁，请联系系统管理员或本村集体经办人。',
    locked: '已锁定至 {{until}}',
    unlock: '解锁',
    unlockConfirm: '确认已核实本人身份，并解除 {{username}} 的登录锁定吗？',
    unlocked: '账户 {{username}} 已解锁。',
  },
};
