import { CopyButton } from '../../components/CopyButton.tsx';
import { fieldLabels, presetRows } from './presets.ts';

/** Each vendor's postback URL for one advertiser, with what its parameters and status words become. */
export function PresetTable(props: { postbackUrl: string; token: string }) {
  const rows = presetRows(props.postbackUrl, props.token);
  return (
    <div class="table-wrap" role="region" aria-label="Vendor preset URLs" tabIndex={0}>
      <table class="preset-table" data-table="presets">
        <caption class="sr-only">
          Vendor presets: the URL to paste into each vendor integration and what it maps
        </caption>
        <thead>
          <tr>
            <th scope="col">Vendor</th>
            <th scope="col">Postback URL</th>
            <th scope="col">Maps</th>
            <th scope="col">Status values</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.preset} data-preset={r.preset}>
              <th scope="row">{r.vendor}</th>
              <td data-label="Postback URL">
                <div class="preset-url">
                  <code class="cell-url" data-preset-url>
                    {r.url}
                  </code>
                  <CopyButton text={r.url} label={`${r.vendor} postback URL`} />
                </div>
              </td>
              <td data-label="Maps">
                <ul class="maps">
                  {r.mappings.map((m) => (
                    <li key={m.field}>
                      <code>{m.params.join(' or ')}</code> → {fieldLabels[m.field]}
                    </li>
                  ))}
                  {r.refused.map((p) => (
                    <li key={p} class="muted">
                      <code>{p}</code> refused: the payout is ours
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label="Status values">
                {r.mappings.some((m) => m.field === 'status') ? (
                  <ul class="maps">
                    {(['approved', 'pending', 'rejected'] as const).map((s) =>
                      r.statuses[s].length ? (
                        <li key={s}>
                          <code>{r.statuses[s].join(', ')}</code> → {s}
                        </li>
                      ) : null,
                    )}
                  </ul>
                ) : (
                  <span class="muted">
                    None in {r.vendor}'s URL: add <code>status=</code> approved, pending or rejected
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
