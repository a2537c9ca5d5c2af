import iconv from 'iconv-lite';

// Files from county offices come from Chinese Windows: CSV saved by Excel, zip entry names and
// shapefile attributes are GBK (code page 936) unless something says otherwise. UTF-8 is taken
// when the bytes are valid UTF-8 (a BOM, or any text that decodes without error); anything
// else is decoded as GB18030, the superset of GBK that iconv-lite knows.

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(buf: Uint8Array): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return Buffer.from(buf.subarray(3)).toString('utf8');
  try {
    return utf8.decode(buf);
  } catch {
    return iconv.decode(Buffer.from(buf), 'gb18030');
  }
}

/**
 * The encoding a shapefile's .cpg names, as a WHATWG label, or null when it names nothing we
 * know. ArcGIS writes "UTF-8", "936" or "GBK"; GDAL writes "UTF-8" or "CP936"; some tools write
 * "ANSI 936" or the code page alone.
 */
export function encodingOfCpg(cpg: string): string | null {
  const s = cpg
    .trim()
    .toUpperCase()
    .replace(/^ANSI\s*/, '');
  if (/^UTF-?8$/.test(s) || s === '65001') return 'utf-8';
  if (['936', 'CP936', 'GBK', 'GB2312', 'GB18030', 'CP54936', '54936', 'WINDOWS-936'].includes(s)) return 'gbk';
  if (s === '950' || s === 'BIG5' || s === 'CP950') return 'big5';
  if (['1252', 'CP1252', 'LATIN1', 'ISO-8859-1', '88591', '8859_1'].includes(s)) return 'windows-1252';
  return null;
}
