// What other parts of the tracker read about a campaign's routing.
export { targetCountries, type RoutedCampaign } from './targeting.ts';
export type { RuleSet } from './schema.ts';
