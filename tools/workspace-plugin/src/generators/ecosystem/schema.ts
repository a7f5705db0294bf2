export interface EcosystemGeneratorSchema {
  name: string;
  displayName?: string;
  auth?: 'api-key' | 'oauth2';
  baseUrl?: string;
  skipWiring?: boolean;
  /** Do not run `npm install` afterwards (the new package still needs linking into node_modules). */
  skipInstall?: boolean;
  skipFormat?: boolean;
}
