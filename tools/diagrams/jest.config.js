import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'diagrams', rootDir: import.meta.dirname };
