import { preset } from '../../jest.preset.js';

export default { ...preset, displayName: 'cloudflare', rootDir: import.meta.dirname };
