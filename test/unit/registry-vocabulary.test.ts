import { deepStrictEqual } from 'node:assert/strict';
import { VOCABULARY } from '../../server/registry/vocabulary';
import { registry as en } from '../../server/platform/i18n/en/registry';
import { registry as zh } from '../../server/platform/i18n/zh/registry';

// The spreadsheets' vocabulary lives in the registry area (the file format's data); the pages
// show the same words from the dictionaries. A name changed in one place only would make an
// export that its own import (or the page beside it) reads differently.
describe('registry vocabulary: the spreadsheets and the pages use the same names', () => {
  for (const [lang, dict] of [
    ['zh', zh.registry],
    ['en', en.registry],
  ] as const) {
    it(`${lang}: relations, hukou, land classes, terrains, sexes and statuses as on the pages`, () => {
      const words = VOCABULARY[lang];
      for (const key of Object.keys(words) as (keyof typeof words)[]) deepStrictEqual(words[key], dict[key], key);
    });
  }
});
