const known = new Set(['approved', 'pending', 'rejected']);

export function StatusBadge(props: { status: string }) {
  const kind = known.has(props.status) ? props.status : 'other';
  return <span class={`badge badge-${kind}`}>{props.status}</span>;
}
