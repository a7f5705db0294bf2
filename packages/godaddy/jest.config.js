import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'godaddy', rootDir: import.meta.dirname };
