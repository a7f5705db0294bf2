import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'server', rootDir: import.meta.dirname };
