import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'tenancy', rootDir: import.meta.dirname };
