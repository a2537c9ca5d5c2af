import proj4 from 'proj4';
import { FileError } from './file-error';
import { decodeText } from './text';

// The county's layers are in CGCS2000 (2000 国家大地坐标系), 3° Gauss-Krüger; Shaoguan lies
// between 112.9°E and 114.8°E, all inside the 3° zone 38 (central meridian 114°E). The false
// easting is 500 000 m, or 38 500 000 m when the zone number is written in front of the
// easting ("with the zone prefix"); tools differ, and some write a .prj without the prefix
// beside coordinates that carry it, so the coordinates' own size decides.
//
// To the map (WGS84, EPSG:4326) we go with proj4 and no datum shift: CGCS2000 and WGS84 agree
// to a few centimetres here (their ellipsoids differ by 0.1 mm in the semi-minor axis and
// the frames by centimetres), far below what a parcel survey or a web map shows.
// Anything else (Xian 1980, Beijing 1954, WGS84 UTM, another central meridian) is refused:
// converting between those needs seven-parameter transformations that only the county's
// surveyors have, so guessing would move every parcel by up to 100 m.

export type GkCrs = {
  /** The name the .prj gives (PROJCS), for messages. */
  name: string;
  centralMeridian: number;
  zone: number;
  /** The false easting the coordinates actually use (500000, or zone × 10⁶ + 500000). */
  falseEasting: number;
  /** true when the coordinates carry the zone prefix (e.g. 38 459 554 m). */
  zonePrefix: boolean;
  toWgs84: (pt: [number, number]) => [number, number];
  fromWgs84: (pt: [number, number]) => [number, number];
};

export type ExpectedZone = { centralMeridian: number };
export const SHAOGUAN: ExpectedZone = { centralMeridian: 114 };

const RAD = 180 / Math.PI;
const CGCS2000 = { a: 6378137, rf: 298.257222101 };

type Parsed = {
  projName?: string;
  datumCode?: string;
  datumName?: string;
  a?: number;
  rf?: number;
  long0?: number;
  lat0?: number;
  k0?: number;
  x0?: number;
  y0?: number;
  units?: string;
};

function projcsName(wkt: string): string {
  return /^\s*(?:PROJCS|PROJCRS|GEOGCS|GEOGCRS)\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? wkt.slice(0, 60);
}

function isCgcs2000(p: Parsed, wkt: string): boolean {
  if (p.datumCode === 'china_2000') return true;
  const named = /China[ _]?(Geodetic[ _]Coordinate[ _]System[ _])?2000|CGCS[ _]?2000|D_China_2000/i.test(wkt);
  return named && p.a === CGCS2000.a && Math.abs((p.rf ?? 0) - CGCS2000.rf) < 1e-6;
}

/**
 * The coordinate system of a layer from its .prj, checked against the zone expected here.
 * `eastings`: the smallest and largest easting of the layer (the .shp header's box), which
 * tell whether the coordinates carry the zone prefix.
 */
export function detectGk(
  prj: Buffer | string | undefined | null,
  file: string,
  eastings: [number, number],
  expected: ExpectedZone = SHAOGUAN,
): GkCrs {
  if (prj === undefined || prj === null) throw new FileError('prj.missing', { file });
  const wkt = (typeof prj === 'string' ? prj : decodeText(prj)).trim();
  let p: Parsed;
  try {
    p = proj4.Proj(wkt) as unknown as Parsed;
  } catch {
    throw new FileError('prj.unreadable', { file: `${file}.prj` });
  }
  const name = projcsName(wkt);
  if (!isCgcs2000(p, wkt)) throw new FileError('prj.notCgcs2000', { file: `${file}.prj`, name });
  const projName = (p.projName ?? '').toLowerCase();
  if (!/transverse[ _]mercator|gauss|tmerc/.test(projName))
    throw new FileError('prj.notGaussKruger', { file: `${file}.prj`, detail: p.projName ?? 'geographic' });
  if (Math.abs((p.k0 ?? 1) - 1) > 1e-9 || Math.abs(p.lat0 ?? 0) > 1e-9 || Math.abs(p.y0 ?? 0) > 1e-6) {
    throw new FileError('prj.notGaussKruger', { file: `${file}.prj`, detail: `scale ${p.k0}, origin latitude ${(p.lat0 ?? 0) * RAD}` });
  }
  const cm = Math.round((p.long0 ?? 0) * RAD * 1e6) / 1e6;
  const zone = expected.centralMeridian / 3;
  if (cm !== expected.centralMeridian)
    throw new FileError('prj.wrongMeridian', { file: `${file}.prj`, found: cm, expected: expected.centralMeridian, zone });
  const prefixed = zone * 1_000_000 + 500_000;
  const declared = p.x0 ?? 0;
  if (declared !== 500_000 && declared !== prefixed)
    throw new FileError('prj.notGaussKruger', { file: `${file}.prj`, detail: `false easting ${declared}` });
  // Within a 3° zone at these latitudes an easting is 500 km ± 170 km; with the prefix, 38 330–38 670 km.
  const fits = (x0: number) => eastings.every((e) => Math.abs(e - x0) < 300_000);
  const falseEasting = fits(declared) ? declared : fits(prefixed) ? prefixed : fits(500_000) ? 500_000 : null;
  if (falseEasting === null) throw new FileError('prj.eastingMismatch', { file, easting: Math.round(eastings[0]), falseEasting: declared });
  const def = `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 +a=${CGCS2000.a} +rf=${CGCS2000.rf} +units=m +no_defs`;
  const conv = proj4(def, 'WGS84');
  return {
    name,
    centralMeridian: cm,
    zone,
    falseEasting,
    zonePrefix: falseEasting === prefixed,
    toWgs84: (pt) => conv.forward(pt) as [number, number],
    fromWgs84: (pt) => conv.inverse(pt) as [number, number],
  };
}

/** A GK CRS without a .prj to read: what the fixture generator writes and the tests compare with. */
export function shaoguanGk(zonePrefix: boolean): GkCrs {
  const e = zonePrefix ? 38_500_000 : 500_000;
  return detectGk(gkPrj(zonePrefix), 'generated', [e, e]);
}

/**
 * The .prj ArcGIS writes for CGCS2000 3° GK zone 38 (EPSG:4526) or CM 114°E (EPSG:4547), as
 * PROJ 9's `projinfo EPSG:4526 -o WKT1_ESRI` prints it.
 */
export function gkPrj(zonePrefix: boolean): string {
  const [name, x0] = zonePrefix ? ['CGCS2000_3_Degree_GK_Zone_38', '38500000.0'] : ['CGCS2000_3_Degree_GK_CM_114E', '500000.0'];
  return (
    `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],` +
    `PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${x0}],` +
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  );
}
