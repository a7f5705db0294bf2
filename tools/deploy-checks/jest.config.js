import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'deploy-checks', rootDir: import.meta.dirname };
