// The dBASE writer @mapbox/shp-write uses (mapbox/dbf); it ships no types.
declare module 'dbf' {
  export type FieldMeta = { name: string; type: 'C' | 'N' | 'L' | 'D'; size: number };
  export function structure(data: Record<string, unknown>[], meta?: FieldMeta[]): DataView;
}
