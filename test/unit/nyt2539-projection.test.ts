import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FileError } from '../../server/platform/files/file-error';
import { detectGk, gkPrj, shaoguanGk } from '../../server/platform/files/projection';

// Reference coordinates computed independently with PROJ 9.1.1 (Debian proj-bin, C library,
// Poder/Engsager transverse Mercator) on 2026-12-06:
//   printf '24.8 113.6\n…' | cs2cs -f %.4f EPSG:4490 EPSG:4547     (CGCS2000 → 3° GK CM 114°E)
// EPSG:4547's axes are northing, easting; listed here as [lon, lat] → [easting, northing].
const REFERENCE: [[number, number], [number, number]][] = [
  [
    [113.6, 24.8],
    [459554.6295, 2743959.1083],
  ], // the fixtures' village centre near 马坝
  [
    [113.5975, 24.8108],
    [459305.3692, 2745156.1861],
  ], // 韶关 city
  [
    [114.0, 25.0],
    [500000.0, 2766054.1691],
  ], // on the central meridian
  [
    [112.6, 25.4],
    [359121.9438, 2811102.879],
  ], // 1.4° west: the far edge of the zone
  [
    [115.3, 24.1],
    [632182.5048, 2666976.9362],
  ], // 1.3° east
];
const prj = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/prj', `${name}.prj`), 'utf8');
const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function refused(fn: () => unknown, code: string, params: Record<string, unknown> = {}): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FileError, String(err));
    assert.equal(err.code, code);
    for (const [k, v] of Object.entries(params)) assert.match(String(err.params[k]), v instanceof RegExp ? v : new RegExp(String(v)));
    return true;
  });
}

describe('NY/T 2539 projection: CGCS2000 3° Gauss-Krüger zone 38 (proj4)', () => {
  it("when WGS84/CGCS2000 points near Shaoguan are projected, then they match PROJ's cs2cs to the millimetre, and come back to 1e-9°", () => {
    const gk = shaoguanGk(false);
    for (const [lonlat, en] of REFERENCE) {
      const [e, n] = gk.fromWgs84(lonlat);
      near(e, en[0], 0.001, `easting of ${lonlat}`);
      near(n, en[1], 0.001, `northing of ${lonlat}`);
      const [lon, lat] = gk.toWgs84(en);
      near(lon, lonlat[0], 1e-9, 'longitude back');
      near(lat, lonlat[1], 1e-9, 'latitude back');
    }
  });

  it('when the coordinates carry the zone prefix (38 459 554 m), then they are read as zone 38 with the same result', () => {
    const gk = shaoguanGk(true);
    assert.equal(gk.falseEasting, 38_500_000);
    assert.equal(gk.zonePrefix, true);
    const [lon, lat] = gk.toWgs84([38_459_554.6295, 2_743_959.1083]);
    near(lon, 113.6, 1e-9, 'lon');
    near(lat, 24.8, 1e-9, 'lat');
  });

  for (const name of ['esri-4526', 'gdal-4526', 'wkt2-4526']) {
    it(`when the .prj is ${name} (zone 38, prefix 38 500 000) and the eastings carry the prefix, then it is accepted as CGCS2000 GK CM 114°E`, () => {
      const gk = detectGk(prj(name), 'DK', [38_459_000, 38_461_000]);
      assert.equal(gk.centralMeridian, 114);
      assert.equal(gk.falseEasting, 38_500_000);
      near(gk.toWgs84([38_459_554.6295, 2_743_959.1083])[0], 113.6, 1e-9, 'lon');
    });
  }

  it('when the .prj omits the zone prefix (CM 114E, 500 000) but the eastings carry it, then the coordinates decide: prefix taken from their size', () => {
    for (const name of ['esri-4547', 'gdal-4547']) {
      const gk = detectGk(prj(name), 'DK', [38_459_000, 38_461_000]);
      assert.equal(gk.falseEasting, 38_500_000, name);
      assert.equal(gk.zonePrefix, true);
      near(gk.toWgs84([38_459_554.6295, 2_743_959.1083])[1], 24.8, 1e-9, 'lat');
    }
    const plain = detectGk(prj('esri-4526'), 'DK', [459_000, 461_000]);
    assert.equal(plain.falseEasting, 500_000, 'a zone-38 .prj beside eastings without the prefix');
    assert.equal(detectGk(gkPrj(false), 'DK', [459_000, 461_000]).zonePrefix, false);
  });

  it('when the .prj is Xian 1980, Beijing 1954 or WGS84 UTM, then it is refused as not CGCS2000, naming the file and the system', () => {
    refused(() => detectGk(prj('esri-2383'), 'DK4402052016', [459_000, 461_000]), 'prj.notCgcs2000', {
      file: 'DK4402052016.prj',
      name: 'Xian_1980',
    });
    refused(() => detectGk(prj('esri-2435'), 'DK', [459_000, 461_000]), 'prj.notCgcs2000', { name: 'Beijing_1954' });
    refused(() => detectGk(prj('esri-32649'), 'DK', [459_000, 461_000]), 'prj.notCgcs2000', { name: 'UTM_Zone_49N' });
  });

  it('when the .prj is CGCS2000 on another central meridian, or in degrees, then it is refused with what was found', () => {
    refused(() => detectGk(prj('esri-4546'), 'DK', [459_000, 461_000]), 'prj.wrongMeridian', { found: '111', expected: '114', zone: '38' });
    refused(() => detectGk(prj('esri-4490'), 'DK', [113, 114]), 'prj.notGaussKruger');
  });

  it('when the .prj is missing or not a coordinate system, or the eastings lie in another zone, then the layer is refused', () => {
    refused(() => detectGk(undefined, 'DK', [459_000, 461_000]), 'prj.missing', { file: 'DK' });
    refused(() => detectGk('not a WKT', 'DK', [459_000, 461_000]), 'prj.unreadable');
    refused(() => detectGk(prj('esri-4526'), 'DK', [37_459_000, 37_461_000]), 'prj.eastingMismatch');
    const err = (() => {
      try {
        detectGk(prj('esri-2383'), 'DK', [0, 1]);
      } catch (e) {
        return e as FileError;
      }
    })()!;
    assert.match(err.message, /not CGCS2000/);
  });
});
