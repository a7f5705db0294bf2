import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'amazon', rootDir: import.meta.dirname };
