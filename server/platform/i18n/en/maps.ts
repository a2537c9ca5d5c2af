// Parcel sketches (宗地图) and the collective's parcel map.
export const maps = {
  maps: {
    sketch: {
      heading: 'Parcel sketches',
      title: 'Sketch of parcel {{name}} ({{code}})',
      northLetter: 'N',
      noOutline: 'no surveyed outline, schematic only',
      areaMu: '{{area}} mu',
      areaM2: '{{area}} m²',
      homestead: 'Homestead',
    },
    map: {
      link: 'Parcel map',
      title: 'Parcel map of {{collective}}',
      intro: 'Coloured by kind of right and by status; click a parcel to open its household.',
      noScript:
        'The table lists every parcel of the collective with a link to its household. With JavaScript the map can be zoomed and moved.',
      plainBackground: 'No base map is configured; parcels are shown on a plain background.',
      legend: 'Legend',
      legendKind: 'Kind of right',
      legendStatus: 'Status',
      unsurveyed: 'No surveyed outline',
      table: 'Parcels',
      parcel: 'Parcel',
      holder: 'Holder (head of household)',
      household: 'Household',
      open: 'Open household',
      none: 'This collective has no parcels or homesteads registered yet.',
      noShapes: 'None of the registered parcels has a surveyed outline yet, so none can be drawn; see the table below.',
      counts: '{{total}} parcels, {{mapped}} of them with a surveyed outline.',
      zoomIn: 'Zoom in',
      zoomOut: 'Zoom out',
      mapLabel: 'Parcel map (arrow keys move, plus and minus zoom)',
      overview: 'Parcel overview (shown without JavaScript)',
    },
  },
};
