// Drawing and correcting a parcel's outline on the form's map (issue 17 item 3).
export const draw = {
  draw: {
    legend: 'Parcel outline',
    mapLabel: 'Draw the outline of parcel {{code}} on the map',
    hint: "Press “Draw parcel”, click the parcel's corners on the map one by one, and click the first corner again to close it. You can also pick an imported outline of this collective, or drag the corners to correct it.",
    noScript:
      'Drawing a parcel on the map needs JavaScript. Without it the existing outline is kept as it is, and the other details can be saved as usual.',
    start: 'Draw parcel',
    finish: 'Finish outline',
    edit: 'Move corners',
    editDone: 'Done',
    pick: 'Pick an imported outline',
    pickHint: 'Click the imported parcel to take on the map.',
    pickCancel: 'Stop picking',
    clear: 'Clear outline',
    cancel: 'Stop drawing',
    none: 'No outline drawn yet.',
    drawn: 'Outline drawn.',
    computed: 'Outline area',
    recorded: 'Recorded area',
    areaBoth: '{{m2}} m² ({{mu}} mu)',
    recordedNone: 'not given',
    warning:
      'The outline differs from the recorded area by {{percent}}%, more than the {{tolerance}}% allowed. Check the outline or the recorded area.',
    within: 'Within {{percent}}% of the recorded area ({{tolerance}}% allowed).',
    picked: 'Took the outline of parcel {{code}}.',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    saved:
      "Parcel {{code}}: the outline's area, {{computed}} m², differs from the recorded {{recorded}} m² by {{percent}}%, more than the {{tolerance}}% allowed. Saved and written to the trail; please check the outline or the area.",
  },
};
