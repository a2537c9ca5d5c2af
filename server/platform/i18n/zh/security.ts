// Login delays (server/platform/auth/login-throttle.ts): an account's recent failures, and clearing its delays.
export const security = {
  security: {
    trouble: '最近登录失败 {{n}} 次',
    waiting: '有来源须等待至 {{until}}',
    unlock: '清除登录等待',
    unlockConfirm: '确认已核实本人身份，并清除 {{username}} 在各处的登录等待吗？',
    unlocked: '已清除账户 {{username}} 的登录等待。',
  },
};
