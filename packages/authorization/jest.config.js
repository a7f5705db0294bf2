import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'authorization', rootDir: import.meta.dirname };
