// Placeholders shaped like the content, so the layout does not jump when data arrives.
export function SkeletonCards(props: { count: number }) {
  return (
    <ul class="cards" aria-hidden="true">
      {Array.from({ length: props.count }, (_, i) => (
        <li key={i} class="card skeleton-card">
          <span class="skeleton skeleton-line short" />
          <span class="skeleton skeleton-line tall" />
          <span class="skeleton skeleton-line" />
        </li>
      ))}
    </ul>
  );
}

export function SkeletonRows(props: { rows: number; columns: number }) {
  return (
    <tbody aria-hidden="true" class="skeleton-rows">
      {Array.from({ length: props.rows }, (_, r) => (
        <tr key={r}>
          {Array.from({ length: props.columns }, (_, c) => (
            <td key={c}>
              <span class="skeleton skeleton-line" />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

export function SkeletonBlock(props: { height: number }) {
  return (
    <div
      class="skeleton skeleton-block"
      style={{ height: `${props.height}px` }}
      aria-hidden="true"
    />
  );
}

export function LoadingText(props: { children: string }) {
  return (
    <p class="sr-only" role="status">
      {props.children}
    </p>
  );
}
