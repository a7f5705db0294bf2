import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'google', rootDir: import.meta.dirname };
