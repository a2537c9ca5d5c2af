import type { Geometry } from 'geojson';
import type { IdType, LandClass, LandUse, MemberNote, ParcelCategory, Relation } from './codes';

// The plain rows a NY/T 2539 package maps to, in the shape the registry stores (models/
// households.ts, models/rights.ts, models/certificates.ts) plus what the standard says
// beyond it (kept for the report and the export back). No database ids: rows are matched by
// their codes. `row`: where the row came from (table row number), for the report.

export type CollectiveRow = {
  row: number;
  code: string;
  regionCode: string;
  groupCode: string;
  name: string;
  leaderName: string | null;
  address: string | null;
};

export type MemberRow = {
  row: number;
  name: string;
  idType: IdType | null;
  /** As recorded; a 15-digit number stays 15 digits (legacyId15) and `idNumber18` is its GB 11643 form. */
  idNumber: string;
  legacyId15: boolean;
  idNumber18: string | null;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  relation: Relation;
  note: MemberNote | null;
  noteText: string | null;
  coOwner: boolean | null;
  isCollectiveMember: boolean;
};

export type ParcelRow = {
  /** CBDKXX row, and the record of the DK layer (null: no shape). */
  row: number;
  dkRow: number | null;
  code: string;
  name: string;
  /** 实测面积 in hundredths of a mu (models/rights.ts parcels.areaMuCenti) and of a m². */
  areaMuCenti: number;
  areaM2Centi: number | null;
  /** 合同面积 (HTMJM, or HTMJ converted), when given. */
  contractAreaMuCenti: number | null;
  landClass: LandClass;
  category: ParcelCategory | null;
  use: LandUse | null;
  basicFarmland: boolean | null;
  east: string;
  south: string;
  west: string;
  north: string;
  /** As recorded in the layer: CGCS2000 Gauss-Krüger metres (see the package's crs). */
  geometry: Geometry | null;
};

export type CertificateRow = {
  row: number;
  number: string;
  issuer: string | null;
  issuedOn: string | null;
  reissues: { row: number; kind: 'reissue' | 'exchange'; on: string | null; reason: string | null }[];
  cancelled: { row: number; on: string | null; reason: string | null } | null;
};

export type LandContractRow = {
  row: number;
  contractNo: string;
  mode: string | null;
  startDate: string;
  endDate: string;
  areaMuCenti: number | null;
  parcels: ParcelRow[];
  certificate: CertificateRow | null;
};

export type HouseholdRow = {
  row: number;
  code: string;
  kind: 'farmer' | 'person';
  headName: string;
  phone: string | null;
  address: string | null;
  hukouStatus: 'rural';
  members: MemberRow[];
  contracts: LandContractRow[];
};

export type TransferRow = {
  row: number;
  contractNo: string;
  landContractNo: string | null;
  householdCode: string | null;
  transfereeCode: string | null;
  mode: string | null;
  startDate: string | null;
  endDate: string | null;
  areaMuCenti: number | null;
  parcelCount: number | null;
  signedOn: string | null;
};

export type CollectiveImport = { collective: CollectiveRow; households: HouseholdRow[]; transfers: TransferRow[] };
