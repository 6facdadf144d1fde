import { PublicShell } from '../catalog/PublicShell';
import ProgressPage from './ProgressPage';

/** The progress lookup for applicants without an account, in the public frame (no login). */
export default function PublicProgressPage() {
  return (
    <PublicShell>
      <ProgressPage />
    </PublicShell>
  );
}
