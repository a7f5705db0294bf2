import { writeFileSync } from 'node:fs';
import { ENVIRONMENT_DOC, renderEnvironment } from './environment.js';
import { repoRoot } from './repo.js';

writeFileSync(`${repoRoot}/${ENVIRONMENT_DOC}`, renderEnvironment());
console.log(`wrote ${ENVIRONMENT_DOC}`);
