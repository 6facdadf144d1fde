import { Link } from 'react-router-dom';

/** The case or work order a 红黄牌 is about, as a link to it; other subjects as their label. */
export function SubjectLink({ type, id, label }: { type: string; id: string; label: string | null }) {
  const text = label ?? id;
  if (type === 'case') return <Link to={`/cases/${encodeURIComponent(id)}`}>{text}</Link>;
  if (type === 'workorder') return <Link to={`/hotline/orders/${encodeURIComponent(id)}`}>{text}</Link>;
  return <>{text}</>;
}
