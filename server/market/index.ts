// The market's public entry (routes and other areas import the market from here only). Use
// cases take (db, actor, …, command, at): `at` is the time of the request, read by the route
// from the app's clock; commands are typed (commands.ts) and parsed by the routes from a web
// form or a JSON body with the schemas exported here.

export { chooseOffer, closeNow, type CloseOutcome } from './award';
export {
  choiceCommand,
  exitDecisionCommand,
  newListingCommand,
  noticeChoice,
  offerPriceCommand,
  rejectionCommand,
  Sent,
  withdrawalCommand,
  type CommandSchemas,
} from './commands';
export { consentScan, giveConsent, recordPaperConsent, type PaperConsent, type Scan } from './consents';
export type { DealSnapshot } from './contract';
export { attestationPage, contractPage, dealPage, householdListings, myMarket } from './deal-view';
export { confirmPayment, recordSettlement, signDeal } from './deals';
export { signatureCommand, signOnScreen } from './signature';
export { acceptCounter, decideExit } from './exits';
export { listingPage } from './listing-page';
export type { EffectiveState, ShownState } from './listing-state';
export { listingSizes, marketIndex, newListingPage } from './listing-view';
export { confirmListing, createListing, submitListing } from './listings';
export type { Deal, Listing, Offer } from './locks';
export { listNotices, markRead, unreadCount } from './notifications';
export { makeOffer, raiseOffer, withdrawOffer } from './offers';
export { registerDeal } from './registration';
export { approveListing, rejectListing } from './review';
export { scanPieces } from './scans';
export { moveConsentScansIntoDb } from './scan-move';
export { startMarketSweep, sweepMarket } from './sweep';
export { withdrawFromDeal, withdrawListing } from './withdraw';
export { findingCommand, objectionCommand } from './commands';
export { decideObjection, listingObjectionsFor, lodgeObjection, objectionAttachment, reconsent, type Objection } from './objections';
export { registrationApplicationPage } from './registration-application';
export { moneyInCommand, type MoneyIn } from './commands';
export { recordDeposit, recordPrice, walkAway } from './money';
export {
  collectiveStatement,
  dealStatement,
  parsePeriod,
  statementCollective,
  wholePeriod,
  type Holding,
  type Period,
  type Statement,
} from './escrow-statement';
export { statementCsv, statementXlsx, type StatementWords } from './escrow-statement-file';
