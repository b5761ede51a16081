/**
 * Regenerates shared/kernel/phone-metadata.json, with number types for every country a survey may
 * go to (EU/EEA, N12), from the installed libphonenumber-js. Run it after upgrading that package
 * (test/unit/kernel/phone-metadata.test.ts fails until then):
 *
 *   npx tsx shared/surveys/phone-metadata.generate.ts && npx biome format --write shared/kernel/phone-metadata.json
 *
 * Build-time only: no Lambda bundle imports this file.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import max from 'libphonenumber-js/metadata.max.json';
import min from 'libphonenumber-js/metadata.min.json';
import { derivePhoneMetadata } from '../kernel/phone-metadata';
import { EU_EEA_COUNTRIES } from './policy';

const file = path.join(__dirname, '..', 'kernel', 'phone-metadata.json');
writeFileSync(file, `${JSON.stringify(derivePhoneMetadata(min, max, EU_EEA_COUNTRIES))}\n`);
console.log(`wrote ${file}`);
