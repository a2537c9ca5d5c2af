// The line/polygon module of @mapbox/shp-write (shp-write.ts replaces two of its functions); it ships no types.
declare module '@mapbox/shp-write/src/poly.js' {
  const poly: {
    shpLength: (geometries: unknown[]) => number;
    extent: (geometries: unknown[]) => { xmin: number; ymin: number; xmax: number; ymax: number };
  };
  export default poly;
}
