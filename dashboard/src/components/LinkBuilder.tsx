import { SUB_IDS } from '../models/links.ts';
import { useDashboard } from './context.ts';
import { CopyButton } from './CopyButton.tsx';

/** Pick a campaign, type sub ids, get the link to share. */
export function LinkBuilder() {
  const { links } = useDashboard();
  const list = links.links.data.value?.tracking_links ?? [];
  const chosen = links.chosen.value;
  const built = links.builtLink.value;
  if (list.length === 0) {
    return (
      <section class="panel" aria-labelledby="builder-title">
        <h2 id="builder-title">Tracking links</h2>
        <p>
          There are no active campaigns yet. Your affiliate manager will add campaigns; their links
          will appear here.
        </p>
      </section>
    );
  }
  return (
    <section class="panel" aria-labelledby="builder-title">
      <h2 id="builder-title">Tracking links</h2>
      <p>
        Send visitors to a tracking link. Sub ids label where the traffic came from (for example{' '}
        <code>sub1=newsletter</code>) and show up in your reports.
      </p>
      <form class="builder" onSubmit={(e) => e.preventDefault()}>
        <label class="field field-wide">
          Campaign
          <select
            value={String(chosen?.campaign_id ?? '')}
            onChange={(e) => links.chooseCampaign(Number(e.currentTarget.value))}
          >
            {list.map((l) => (
              <option key={l.campaign_id} value={String(l.campaign_id)}>
                {l.campaign_name}
              </option>
            ))}
          </select>
        </label>
        {SUB_IDS.map((name) => (
          <label key={name} class="field">
            {name}
            <input
              name={name}
              value={links.subs.value[name] ?? ''}
              maxLength={255}
              autoComplete="off"
              placeholder={name === 'sub1' ? 'e.g. newsletter' : ''}
              onInput={(e) => links.setSub(name, e.currentTarget.value)}
            />
          </label>
        ))}
      </form>
      <p class="output-label" id="built-link-label">
        Your link
      </p>
      <div class="copy-row">
        <output class="url" aria-labelledby="built-link-label" data-built-link={built}>
          {built}
        </output>
        <CopyButton text={built} label="Tracking link" />
      </div>
    </section>
  );
}
