import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'core', rootDir: import.meta.dirname };
