import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'ghl', rootDir: import.meta.dirname };
