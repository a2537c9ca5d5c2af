// A household's life in the registry (issue 16): head changes, splits and merges, inheritance,
// a marriage out, and the 2026 thirty-year extension. Routes import it from here.
export { changeHead } from './head';
export { mergeHouseholds, splitHousehold } from './split-merge';
export { buildPlan, extensionByCounty, extensionCollective, extensionJob, planExtension, startExtension, type Plan } from './extension';
export { householdMembersNow, lifeState } from './state';
export * from './commands';
export * as lifeRules from './rules';
export { checkDocuments, recordInheritance } from './inheritance';
export { recordMarriageOut } from './marriage';
export { eventDocument, lifePage } from './page';
