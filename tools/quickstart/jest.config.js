import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'quickstart', rootDir: import.meta.dirname };
