// The accounts area's public entry (routes import the area only through here): passwords and
// their change, farmer accounts and their activation (rule 2), login delays lifted, API tokens,
// and what each role is offered to go to (navigation).

export { getUser, publicUser, type UserRow } from './accounts';
export { activateAccount } from './activation';
export { CODE_DIGITS, groupCode, MAX_CODE_ATTEMPTS, SMS_HOURS } from './activation-codes';
export { issueActivationSlip } from './activation-slip';
export { defaultExpiryDate, issueToken, listTokens, revokeToken, tokenAccess, tokenUserOptions } from './api-tokens';
export {
  activationCommand,
  farmerAccountCommand,
  passwordChangeCommand,
  reasonCommand,
  resendCodeCommand,
  tokenCommand,
  type ActivationCommand,
  type FarmerAccountCommand,
  type PasswordChangeCommand,
  type ReasonCommand,
  type ResendCodeCommand,
  type TokenCommand,
} from './commands';
export { farmerAccountPage, resendActivationCode } from './farmer-account-page';
export { accountCandidates, createFarmerAccount } from './farmer-accounts';
export { unlockAccount } from './lockout';
export { HELP_ROLES, helpRoleFor, homeFor, viewerOf, type HelpRole, type MenuItem, type Viewer } from './navigation';
export { changePassword } from './password-change';
export { maySeeMessage } from './rules';
export { toActor } from './session-user';
export { issueOwnToken, listOwnTokens, OWN_TOKEN_DAYS, ownTokenCommand, revokeOwnToken, type OwnTokenCommand } from './own-tokens';
