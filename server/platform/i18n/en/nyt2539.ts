// The import of a county's land-contract package (NY/T 2539-2016), issue 17.
export const nyt2539 = {
  nyt2539: {
    title: 'Import a land-contract package (NY/T 2539)',
    intro:
      "Upload the county's submission package (.zip) from its land-contract registration database. It is checked first (a dry run): every household and parcel is listed as new or already registered, and every problem with its table, row and field. Nothing is written until you confirm.",
    file: 'Choose the package (.zip, at most {{max}})',
    submit: 'Upload and check',
    link: "The county's land-contract data (an NY/T 2539 package) is imported here →",
    status: {
      check: { running: 'checking', succeeded: 'checked', failed: 'refused' },
      write: { running: 'writing', succeeded: 'written', failed: 'not written' },
    },
    mode: 'Kind',
    modes: { check: 'Check (dry run)', write: 'Write' },
    rules: {
      title: 'Import rules',
      package:
        'The package holds the property tables (.mdb, or the tables exported as .xlsx/.csv: FBF, CBF, CBF_JTCY, CBHT, CBDKXX…) and the vector layers (parcels DK and others as shapefiles, GBK attributes).',
      dryRun: 'It is checked first and nothing is written; the report names the table, row and field of every problem.',
      perCollective: 'Writes go per collective, one transaction each: all or nothing. You can write your own collective only.',
      matched:
        'Matched by code: households, contracts and parcels already registered stay as they are; importing the same package again changes nothing.',
      topology:
        'Parcel shapes are checked: self-intersection, overlaps above 1 m², a shape area more than 5% from the surveyed area (a warning), parcels outside the village (group) boundary.',
      crs: 'Coordinates must be CGCS2000 3° Gauss-Krüger (central meridian 114°E, with or without the zone prefix), as the .prj says.',
    },
    phase: { reading: 'Reading the package…', checking: 'Checking it against the register…', writing: 'Writing…', done: 'Done' },
    job: {
      title: { check: 'Package check report', write: 'Package write result' },
      checkedBy: 'Check report',
      dryRunLink: 'See the dry run',
      confirmedAs: 'Write result',
      writeLink: 'See the write result',
      unreadable: 'The package could not be read; nothing was written',
      readyToWrite: "Checked: your collective's data can be written. Read the report below, then confirm.",
      nothingToWrite: 'Checked: no collective can be written (see the problems below). Correct the package and upload it again.',
      confirmed: 'This dry run has been confirmed and written.',
      confirmText:
        "On confirmation, your collective's data is written to the register in one transaction (all or nothing) and recorded in the trail.",
      confirmAsk: 'Write to the register? This cannot be undone.',
      confirm: 'Confirm and write',
      general: 'Problems of the whole package',
      collectiveOk: 'Can be written.',
      collectiveBlocked: '{{errors}} errors: this collective is not written.',
      collectiveOutside: 'Not your collective: it is not written.',
      written:
        'Written: {{households}} new households, {{parcels}} new parcels; {{exists}} households already registered, left as they are.',
      writeFailed: 'Not written:',
      notWritten: 'Not written (errors, or not your collective).',
      problems: 'Problems ({{count}})',
      households: 'Households and parcels ({{count}} households)',
      more: 'The first {{shown}} of {{count}} are shown; the API gives the full report.',
      legacyIds: '{{count}} old 15-digit ID numbers',
      toMap: 'See the parcels on the map',
    },
    count: {
      householdsNew: 'new households',
      householdsExist: 'households registered',
      members: 'new members',
      parcelsNew: 'new parcels',
      parcelsExist: 'parcels registered',
    },
    col: { table: 'Table', row: 'Row', field: 'Field', household: 'Household code', head: 'Head', action: 'Action', parcels: 'Parcels' },
    action: { create: 'new', exists: 'registered', skipped: 'not written' },
    severity: { error: 'Error', warning: 'Warning' },
  },
};
