import type { Links } from '../api/routes.ts';

export const sampleLinks: Links = {
  affiliate_id: 3,
  postback_url: 'https://t.example/postback?affiliate_id=3&click_id={click_id}&token=pb_x',
  postback_secret: 'pb_x',
  macros: { '{click_id}': 'The click id' },
  optional_parameters: { event: 'Goal name, default "conversion"' },
  tracking_links: [
    {
      campaign_id: 1,
      campaign_name: 'Acme VPN',
      url: 'https://t.example/c/1/3',
      click_url: 'https://t.example/click?affiliate_id=3&campaign_id=1',
    },
    {
      campaign_id: 2,
      campaign_name: 'Globex Fitness',
      url: 'https://t.example/c/2/3',
      click_url: 'https://t.example/click?affiliate_id=3&campaign_id=2',
    },
  ],
};
