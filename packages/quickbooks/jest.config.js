import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'quickbooks', rootDir: import.meta.dirname };
