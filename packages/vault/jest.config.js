import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'vault', rootDir: import.meta.dirname };
