import type { Links } from '../api/routes.ts';
import { CopyButton } from './CopyButton.tsx';

/** Splits the URL around its {macros} so they stand out in the code block. */
function highlighted(url: string) {
  return url
    .split(/(\{[a-z_]+\})/g)
    .map((part, i) => (/^\{[a-z_]+\}$/.test(part) ? <mark key={i}>{part}</mark> : part));
}

interface Term {
  name: string;
  meaning: string;
}

function TermList(props: { terms: Term[]; name: string }) {
  return (
    <dl class="macros" data-terms={props.name}>
      {props.terms.map((m) => (
        <div key={m.name}>
          <dt>
            <code>{m.name}</code>
          </dt>
          <dd>{m.meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

export function PostbackUrlPanel(props: { links: Links; macros: Term[]; optional: Term[] }) {
  const { links } = props;
  return (
    <section class="panel" aria-labelledby="postback-title">
      <h2 id="postback-title">Your postback URL</h2>
      <p>
        Report your conversions through this URL, filling in the values in braces: each shows up on
        your dashboard as pending until the advertiser or the network confirms it.
      </p>
      <div class="copy-row">
        <code class="url" data-postback-url={links.postback_url}>
          {highlighted(links.postback_url)}
        </code>
        <CopyButton text={links.postback_url} label="Postback URL" />
      </div>
      <p class="notice notice-warn">
        The <code>token</code> at the end is your postback secret: anyone who has it can report
        conversions in your name. Keep it to yourself and the servers that report for you.
      </p>
      <h3>Values to fill in</h3>
      <TermList terms={props.macros} name="macros" />
      <h3>Optional parameters</h3>
      <TermList terms={props.optional} name="optional" />
    </section>
  );
}
