// The oversight area's public entry (routes import the area only through here): the bureau's
// statistics and annual reports, alerts, supervision of listings and deals, reference prices and
// thresholds, and the trail's search. Every use case and page query checks the actor again.

export { acknowledgeAlert, evaluateAlerts, startAlertScan } from './alerts';
export { ALERT_PAGE, alertsPage, parseAlertQuery, type AlertFilter } from './alerts-page';
export { parseAuditQuery, searchAudit, verifyTrail, type AuditFilter } from './audit-search';
export { actionKey, auditPickers, fieldKey } from './audit-words';
export { dealCase, dealCases, listingCase, listingCases, parseCaseQuery, type CaseFilter } from './cases';
export {
  ackCommand,
  priceForm,
  reasonCommand,
  reportCommand,
  settingsCommand,
  type AckCommand,
  type PriceCommand,
  type ReasonCommand,
  type ReportCommand,
  type SettingsCommand,
} from './commands';
export { currentMonth, parseFilters, yearFilters, type Filters } from './filters';
export { pricesPage } from './price-page';
export { setAlertSettings, setReferencePrice } from './reference-prices';
export { loadReport, recentReports, startReport, type ReportView } from './report-jobs';
export { assertOverseer, childrenOf, resolveNode, type Child, type Node } from './scope';
export { nodeStats } from './stats';
export { currentNodeStats } from './stats-cache';
export { liftDeal, liftListing, suspendDeal, suspendListing } from './suspension';
export { buildTables, show, TABLE_IDS, type Table } from './tables';
export { openObjectionsPage, type CountyObjections } from './objections-view';
export { moneyView, PAID_UNREGISTERED_DAYS, type MoneyView } from './money-view';
