// The registry's public entry (routes import the registry from here only): households and their
// members, the three rights and their certificates, dividends, the collective map, imports and
// exports. Use cases take (db, actor, …, command, at): `at` is the time of the request, read by
// the route from the app's clock; commands are typed, and the routes parse a form or a JSON body
// into them with the schemas exported here (server/kernel/commands.ts: submitted, then accept).

export {
  cancelCertificate,
  certificateForPrint,
  certificateHouseholdId,
  issueCertificate,
  reissueCertificate,
  verifyPublic,
} from './certificates';
export { collectiveMap, featureCollection, mapCollectives, type FeatureLabels, type MapParcel } from './collective-map';
export { getCollective, homesteadLimitM2, issuerCode, type Collective } from './collectives';
export { dividendCommandIn, dividendsOf, recordDividend, type Dividend, type NewDividend } from './dividends';
export { registerFileName, registerOf, writeRegister } from './export';
export { exportCommand, exportFile, loadExport, recentExports, startExport, type ExportCommand, type ExportView } from './export-jobs';
export { homeSummary } from './home';
export { householdPage, householdWithRights, rightFormPage } from './household-page';
export { householdGroups, PAGE_SIZE, parseCollective, parseFilters, searchHouseholds } from './household-search';
export {
  addMember,
  createHousehold,
  householdEditCommandOn,
  loadHousehold,
  loadMember,
  memberSchemaOn,
  removeMember,
  updateHousehold,
  updateMember,
  type Household,
  type HouseholdEdit,
  type Member,
  type NewMember,
} from './households';
export { column, headerText, KINDS, sheetColumns, sheetName } from './import/columns';
export { loadJob, recentJobs, startImport, type JobView } from './import/jobs';
export { writeTemplate } from './import/template';
export type { RowError } from './import/types';
export {
  allocatedShares,
  cancellationCommand,
  cancelRight,
  homesteadSchema,
  loadRight,
  registerHomestead,
  registerLand,
  registerShares,
  sharesSchema,
  type Cancellation,
  type NewHomestead,
  type NewShares,
  type Right,
} from './rights';
export { rightDetails, type Certificate, type RightDetail } from './rights-view';
export { mayChangeHousehold, mayOpenHouseholdPage, mayRegisterHousehold } from './rules';
export { certificateSheet, type CertificateSheet } from './certificate-sheet';
export { officerTodo } from './todo';
export { correctionForm, correctRight } from './correction';
export { batchPreview, loadBatch, startBatchCertificates } from './batch-certificates';
// The 成员名册 and the members' meeting decisions (农村集体经济组织法 §12, §16–18, §26–28).
export {
  assertMayImportRegister,
  collectiveRegister,
  currentMembers,
  membershipSplit,
  importRegister,
  isMember,
  membershipCommand,
  memberEndCommand,
  membershipHistory,
  membersWithStatus,
  pastMembers,
  recordMembership,
  registerFlags,
  type RegisterFileRow,
} from './membership';
export {
  decisionCommand,
  decisionMinutes,
  listDecisions,
  membershipDecisions,
  ownCollectiveId,
  recordDecision,
  type Minutes,
} from './decisions';
export { GROUNDS_OF, mayRecordMembership } from './membership-rules';
export { registerCsv, registerXlsx } from './membership-export';
// A household's life (issue 16): head changes, splits and merges, inheritance, marriage, the 2026 extension.
export * from './household-life';
// A county's NY/T 2539 package (issue 17): its import as jobs (dry run, then the confirmed write) and the export back.
export {
  confirmNytImport,
  loadNytJob,
  MAX_PACKAGE_BYTES,
  MAX_PACKAGE_LABEL,
  recentNytJobs,
  startNytImport,
  type NytJobView,
} from './import/nyt2539/jobs';
export { describe as describeNytProblem, type Problem as NytProblem } from './import/nyt2539/messages';
export { exportNyt2539 } from './export-nyt2539';
export { AREA_TOLERANCE_PERCENT, M2_PER_MU, type AreaWarning } from './parcel-shape';
