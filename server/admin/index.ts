// The admin area's public entry (routes import the area only through here): the region tree,
// collectives and their charter numbers, staff accounts, and the reference data loaded at start.

export { COLLECTIVE_DEFAULTS, createCollective, findCollective, listCollectives, updateCollective, villageOptions } from './collectives';
export {
  collectiveCommand,
  deactivateCommand,
  regionCommand,
  staffCommand,
  type CollectiveCommand,
  type DeactivateCommand,
  type RegionCommand,
  type StaffCommand,
} from './commands';
export { ensureRegions, isEmpty } from './reference';
export { addRegion, regionNode, type Region } from './regions';
export { createStaffUser, resetPassword, setUserActive } from './users';
export { listUsers, staffFormOptions, type UserFilter } from './users-page';
