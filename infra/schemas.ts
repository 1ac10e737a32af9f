/** Writes the published JSON Schemas from their zod sources: `npm run schemas`. */
import { writeFileSync } from 'node:fs';
import { agencyEnvelopeJsonSchema } from '../shared/contracts/agency-envelope.ts';
import { repoRoot } from './bundling.ts';

const file = `${repoRoot}shared/contracts/agency-envelope-v1.schema.json`;
writeFileSync(file, JSON.stringify(agencyEnvelopeJsonSchema(), null, 2) + '\n');
console.log(`wrote ${file}`);
