import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * What the printer gets instead of the page: its children on an A4 sheet, and nothing of the app around
 * them (menu, header, buttons). Hidden on screen; `@media print` in index.html hides the app and shows it.
 */
export function PrintSheet({ children }: { children: ReactNode }) {
  return createPortal(<div className="print-sheet" data-testid="print-sheet">{children}</div>, document.body);
}
